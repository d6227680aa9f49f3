package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.KafkaBroker;
import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.embedded.internal.FreePorts;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security on the wire, as an operator sets it up: a broker that takes clients only through SASL/SCRAM, and the
 * credentials in a properties file given to every command with --kafka-properties (never on the command line).
 * `topics create` makes the topics, `generate` writes, `jobs` (a process of its own) reads and writes its dead letters,
 * and the usage rows arrive in PostgreSQL; `reconcile`, reading the dead letters through SCRAM too, agrees. A wrong
 * password is refused with an authentication error, and a client that brings no credentials gets nowhere.
 */
class SaslScramEndToEndIT {

    private static final String USER = "aybiza-jobs";
    private static final String PASSWORD = "scram-secret-42";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension(
            KafkaBroker.builder().scramUser(USER, PASSWORD).build());

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @TempDir
    Path tmp;

    private JobsProcess jobs;

    @AfterEach
    void stopJobs() throws Exception {
        if (jobs != null) {
            jobs.close();
        }
    }

    @Test
    void generatorAndJobsWorkThroughScramAndStrangersAreRefused() throws Exception {
        String sasl = KAFKA.broker().saslBootstrapServers();
        Path credentials = properties("client.properties", KAFKA.broker().scramClientProperties());
        Path wrongPassword = properties("wrong.properties",
                KAFKA.broker().scramClientProperties(USER, "not-" + PASSWORD));
        String jdbcUrl = "jdbc:postgresql://localhost:%d/%s?user=postgres".formatted(POSTGRES.port(),
                POSTGRES.newDatabase());
        new SchemaMigrator(DatabaseSettings.of(jdbcUrl)).migrate();

        CommandRun wrong = run("topics", "create", "--bootstrap-servers", sasl, "--kafka-properties", wrongPassword.toString(),
                "--replication-factor", "1", "--kafka-timeout", "5s");
        assertThat(wrong.exitCode()).as(wrong.all()).isEqualTo(1);
        assertThat(wrong.err()).contains("Authentication failed").contains("invalid credentials");
        CommandRun anonymous = run("topics", "create", "--bootstrap-servers", sasl, "--replication-factor", "1",
                "--kafka-timeout", "3s");
        assertThat(anonymous.exitCode()).as(anonymous.all()).isEqualTo(1);
        assertThat(anonymous.err()).contains("cannot reach Kafka at " + sasl);

        CommandRun topics = run("topics", "create", "--bootstrap-servers", sasl, "--kafka-properties", credentials.toString(),
                "--partitions", "2", "--replication-factor", "1");
        assertThat(topics.out()).as(topics.all()).contains("topics create: 10 created, 0 existed");

        Path ledger = tmp.resolve("ledger.json");
        Instant start = Instant.now().minus(Duration.ofSeconds(20)).truncatedTo(ChronoUnit.SECONDS);
        CommandRun generate = run("generate", "--bootstrap-servers", sasl, "--kafka-properties", credentials.toString(),
                "--rate", "200", "--duration", "6s", "--tenants", "3", "--agents", "6", "--seed", "7",
                "--bad-ratio", "0.02", "--mean-call-seconds", "5", "--start", start.toString(),
                "--ledger", ledger.toString(), "--jdbc-url", jdbcUrl);
        assertThat(generate.exitCode()).as(generate.all()).isZero();

        jobs = JobsProcess.start(tmp.resolve("jobs.log"), "--bootstrap-servers", sasl,
                "--kafka-properties", credentials.toString(), "--jdbc-url", jdbcUrl,
                "--state-dir", tmp.resolve("state").toString(), "--parallelism", "1", "--checkpoint-interval", "2s",
                "--web-ui-port", Integer.toString(FreePorts.take(1)[0]), "--unknown-reference-grace", "0s");
        // The dead letters too, read back through SCRAM: the jobs' dead-letter sink logged in as well.
        String reconciled = awaitReconciled(ledger, jdbcUrl, sasl, credentials, Duration.ofSeconds(90));
        assertThat(reconciled).contains("rows billing.usage_metering").contains("dead letters, stage deserialize");
        assertThat(usageRows(jdbcUrl)).isPositive();
        assertThat(Files.readString(tmp.resolve("jobs.log"))).doesNotContain(PASSWORD);
    }

    private Path properties(String name, Map<String, String> settings) throws Exception {
        return Files.writeString(tmp.resolve(name), settings.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
    }

    private static String awaitReconciled(Path ledger, String jdbcUrl, String sasl, Path credentials,
                                          Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        CommandRun last = null;
        while (System.nanoTime() < deadline) {
            last = run("reconcile", "--ledger", ledger.toString(), "--jdbc-url", jdbcUrl,
                    "--bootstrap-servers", sasl, "--kafka-properties", credentials.toString());
            if (last.out().contains("reconcile: OK")) {
                return last.out();
            }
            Thread.sleep(3_000);
        }
        throw new AssertionError("reconcile did not report OK within " + timeout + ":\n" + last.all());
    }

    private static long usageRows(String jdbcUrl) throws Exception {
        try (Connection c = DatabaseSettings.of(jdbcUrl).open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM billing.usage_metering")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }
}
