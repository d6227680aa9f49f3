package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.sql.EmbeddedPostgresExtension;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** bin/aybiza bootstrap then serve, as a user runs them: the printed key works against the served API. */
class ServiceCommandsIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @Test
    void bootstrapPrintsAKeyThatServeAccepts(@TempDir Path dir) throws Exception {
        String db = POSTGRES.newDatabase();
        String url = "jdbc:postgresql://127.0.0.1:%d/%s?user=postgres&password=postgres".formatted(POSTGRES.port(), db);
        assertThat(run("migrate", "--jdbc-url", url)).isZero();

        StringWriter out = new StringWriter();
        CommandLine bootstrap = AybizaCommand.commandLine();
        bootstrap.setOut(new PrintWriter(out, true));
        assertThat(bootstrap.execute("bootstrap", "--jdbc-url", url, "--organization", "Acme Telecom")).isZero();
        Matcher key = Pattern.compile("(?m)^api key +(ayb_\\S+)$").matcher(out.toString());
        assertThat(key.find()).as(out.toString()).isTrue();
        assertThat(out.toString()).containsPattern("organization +\\S+ +AYB-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");

        // serve runs until its thread is interrupted; its first line names the port it got.
        PipedWriter served = new PipedWriter();
        PipedReader lines = new PipedReader(served, 4096);
        Path masterKey = dir.resolve("master.key");
        Thread server = new Thread(() -> {
            CommandLine serve = AybizaCommand.commandLine();
            serve.setOut(new PrintWriter(served, true));
            serve.execute("serve", "--jdbc-url", url, "--port", "0", "--master-key-file", masterKey.toString());
        }, "serve");
        server.start();
        try {
            String line = new java.io.BufferedReader(lines).readLine();
            Matcher port = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+) ").matcher(line);
            assertThat(port.find()).as(line).isTrue();
            assertThat(line).endsWith("data keys wrapped by the key file " + masterKey);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port.group(1) + "/v1/agents"))
                    .header("Authorization", "Bearer " + key.group(1)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Front desk\", \"system_prompt\": \"Hello\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> trunk = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port.group(1) + "/v1/sip_trunks"))
                    .header("Authorization", "Bearer " + key.group(1)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"main\", \"provider_name\": \"carrier\", "
                            + "\"termination_uri\": \"sip:carrier.example\", \"credentials\": {\"password\": \"pw\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(trunk.statusCode()).as(trunk.body()).isEqualTo(201);
            HttpResponse<String> withoutKey = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port.group(1) + "/v1/agents")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(withoutKey.statusCode()).isEqualTo(401);
            assertThat(Files.exists(masterKey)).isTrue();
        } finally {
            server.interrupt();
            server.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(server.isAlive()).isFalse();

        // The data key the trunk's credentials needed moves to a new key file; a second run finds nothing to move.
        Path newKey = dir.resolve("new-master.key");
        StringWriter rewrapped = new StringWriter();
        CommandLine rewrap = AybizaCommand.commandLine();
        rewrap.setOut(new PrintWriter(rewrapped, true));
        assertThat(rewrap.execute("rewrap-data-keys", "--jdbc-url", url, "--from", "file:" + masterKey,
                "--to", "file:" + newKey)).as(rewrapped.toString()).isZero();
        assertThat(rewrapped.toString()).containsPattern("rewrapped 1 data keys from file:\\p{XDigit}{16} to "
                + "file:\\p{XDigit}{16}; 0 were under").contains("start serve with --master-key-file " + newKey);
        StringWriter again = new StringWriter();
        CommandLine second = AybizaCommand.commandLine();
        second.setOut(new PrintWriter(again, true));
        assertThat(second.execute("rewrap-data-keys", "--jdbc-url", url, "--from", "file:" + masterKey,
                "--to", "file:" + newKey)).isZero();
        assertThat(again.toString()).contains("rewrapped 0 data keys").contains("1 were under");
    }

    private static int run(String... args) {
        CommandLine cli = AybizaCommand.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }
}
