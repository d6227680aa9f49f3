package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.sql.EmbeddedPostgresExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 where only a process of its own shows it: what reaches the terminal and the disk with the shipped logging
 * configuration (no client WARN lines, no password in a log line, no leftover file), AYBIZA_DEBUG=1, and the
 * launcher's first build.
 */
class CommandProcessIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static ServerSocket taken;

    @TempDir
    Path logs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void takeAPort() throws IOException {
        // Accepts connections and never answers: a port held by another program, or a Kafka that hangs.
        taken = new ServerSocket();
        taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    }

    @AfterAll
    static void releaseThePort() throws IOException {
        taken.close();
    }

    private CommandProcess aybiza(Map<String, String> environment) {
        return new CommandProcess(logs, tmp, environment);
    }

    @Test
    void kafkaAndDynamoDbOnATakenPortSayItInOneLineAndLeaveNothingBehind() throws Exception {
        int port = taken.getLocalPort();
        for (String service : List.of("kafka", "dynamodb")) {
            CommandProcess.Result run = aybiza(Map.of()).run(service, "--port", String.valueOf(port));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.out()).doesNotContain("ready");
            assertThat(run.err()).isEqualTo("aybiza " + service + ": port " + port + " on 127.0.0.1 is taken by another "
                    + "program; stop it, or choose another port with --port\n");
            assertThat(entries(tmp)).as("the command's temp folder").isEmpty();
            assertThat(entries(logs)).as("the log folder").isEmpty();
        }
    }

    @Test
    void unreachableKafkaIsOneLineWithinTheTimeoutAndNoClientWarnings() throws Exception {
        String address = "127.0.0.1:" + taken.getLocalPort();

        CommandProcess.Result run = aybiza(Map.of()).run("generate", "--bootstrap-servers", address,
                "--kafka-timeout", "3s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).as(run.err()).hasSize(1).first().asString()
                .startsWith("aybiza generate: cannot reach Kafka at " + address + " within 3s");
        assertThat(run.millis()).isLessThan(15_000);
    }

    @Test
    void noPasswordInAnyOutputOrLogLineEvenAtDebugLevel() throws Exception {
        String password = CommandLineFailuresIT.PASSWORD;
        String db = POSTGRES.newDatabase();
        String url = "jdbc:postgresql://127.0.0.1:%d/%s?user=postgres&password=%s".formatted(POSTGRES.port(), db, password);

        CommandProcess.Result migrate = aybiza(Map.of("AYBIZA_LOG_LEVEL", "debug", "AYBIZA_FLYWAY_LOG_LEVEL", "debug"))
                .run("migrate", "--jdbc-url", url);
        CommandProcess.Result wrongDatabase = aybiza(Map.of("AYBIZA_LOG_LEVEL", "debug", "AYBIZA_DB_PASSWORD", password))
                .run("partitions", "--jdbc-url", url.replace(db, "no_such_database"));

        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.err()).as("log lines were written").contains("INFO  FlywayExecutor - Database:");
        assertThat(wrongDatabase.exitCode()).isEqualTo(1);
        assertThat(wrongDatabase.err()).contains("no_such_database");
        for (CommandProcess.Result run : List.of(migrate, wrongDatabase)) {
            assertThat(run.out() + run.err()).doesNotContain(password);
        }
        for (Path log : entries(logs)) {
            assertThat(Files.readString(log)).doesNotContain(password);
        }
    }

    @Test
    void aStackTraceOnlyWithAybizaDebug() throws Exception {
        CommandProcess.Result plain = aybiza(Map.of()).run("migrate", "--jdbc-url", "postgres://localhost/x");
        CommandProcess.Result debug = aybiza(Map.of("AYBIZA_DEBUG", "1")).run("migrate", "--jdbc-url", "postgres://localhost/x");

        assertThat(plain.err().lines()).hasSize(1).first().asString()
                .startsWith("aybiza migrate: expected a PostgreSQL JDBC URL").endsWith("got: postgres://localhost/x");
        assertThat(debug.err()).startsWith(plain.err()).contains("\tat com.aybiza.sql.DatabaseSettings");
    }

    /**
     * The launcher's first run: the build's output (npm's "added 25 packages" among it) goes to logs/build.log and the
     * terminal gets one line. The launcher is the shipped script, copied into a folder whose ./mvnw stands in for the
     * real build (which the test must not start from inside a build): it prints what a build prints and puts the
     * built jar and classpath where the real one does.
     */
    @Test
    void theLaunchersBuildOutputGoesToALogFile() throws Exception {
        Path root = tmp.resolve("project");
        Path cliTarget = CommandProcess.projectDir().resolve("cli/target");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("embedded-services/dynalite/node_modules"));
        Files.copy(CommandProcess.projectDir().resolve("bin/aybiza"), root.resolve("bin/aybiza"));
        Files.writeString(root.resolve("mvnw"), """
                #!/usr/bin/env bash
                echo "added 25 packages in 2s"
                echo "[WARNING] something Maven says" >&2
                mkdir -p cli/target
                cp '%s' cli/target/aybiza-cli.jar
                cp '%s' cli/target/classpath.txt
                """.formatted(cliTarget.resolve("aybiza-cli.jar"), cliTarget.resolve("classpath.txt")));
        for (Path script : List.of(root.resolve("mvnw"), root.resolve("bin/aybiza"))) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        Process launcher = new ProcessBuilder(root.resolve("bin/aybiza").toString(), "--version").start();
        assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(launcher.getInputStream().readAllBytes());
        String err = new String(launcher.getErrorStream().readAllBytes());

        assertThat(launcher.exitValue()).as(err).isZero();
        assertThat(out).isEqualTo("aybiza 0.1.0\n");
        assertThat(err).isEqualTo("aybiza: building the project (first use, or sources changed; output in "
                + "logs/build.log) ...\n");
        assertThat(Files.readString(root.resolve("logs/build.log")))
                .contains("added 25 packages in 2s").contains("[WARNING] something Maven says");
    }

    private static List<Path> entries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
