package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.events.EventTopic;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `bin/aybiza generate` as the issue runs it, against a real Kafka broker and a real PostgreSQL: what lands on the
 * topics is what the ledger says, and the reference data it invented is in the database (once, however often it runs).
 */
class GenerateCommandIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @TempDir
    Path tmp;

    private static String generate(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = AybizaCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(Stream.concat(Stream.of("generate"), Stream.of(args)).toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void topicsHoldExactlyWhatTheLedgerSaysAndReferenceDataIsWrittenOnce() throws Exception {
        String db = POSTGRES.newDatabase();
        DatabaseSettings database = POSTGRES.settings(db);
        new SchemaMigrator(database).migrate();
        String url = "jdbc:postgresql://127.0.0.1:%d/%s?user=postgres&password=postgres".formatted(POSTGRES.port(), db);
        Path ledgerFile = tmp.resolve("ledger.json");

        String out = generate("--bootstrap-servers", KAFKA.bootstrapServers(), "--rate", "4000", "--duration", "4s",
                "--tenants", "5", "--agents", "15", "--seed", "42", "--bad-ratio", "0.01", "--mean-call-seconds", "20",
                "--start", "2026-11-27T09:00:00Z", "--ledger", ledgerFile.toString(), "--jdbc-url", url);
        String again = generate("--bootstrap-servers", KAFKA.bootstrapServers(), "--rate", "4000", "--duration", "1s",
                "--tenants", "5", "--agents", "15", "--seed", "42", "--start", "2026-11-27T10:00:00Z", "--jdbc-url", url);

        assertThat(out).contains("reference data: 2 organizations, 5 tenants, 2 roles, 15 users, 15 agents, 15 agent versions, 15 phone numbers new")
                .contains("ledger: ").contains("billable quantity by tenant and resource type:");
        assertThat(again).contains("reference data: 0 organizations, 0 tenants, 0 roles, 0 users, 0 agents, 0 agent versions, 0 phone numbers new");

        JsonNode ledger = new ObjectMapper().readTree(ledgerFile.toFile());
        Map<String, Long> onTopics = countRecords();
        long first = 0;
        for (EventTopic topic : EventTopic.values()) {
            first += ledger.at("/topics/" + topic.topicName() + "/total").asLong();
        }
        assertThat(ledger.at("/records").asLong()).isEqualTo(first).isGreaterThan(10_000);
        assertThat(ledger.at("/malformed/random_bytes").asLong()).isPositive();
        assertThat(ledger.at("/billable_quantity").size()).isEqualTo(5);
        // Both runs wrote to the same topics: the first one's ledger, plus the second one's count.
        long secondRun = Long.parseLong(again.replaceAll("(?s).*ledger: ([\\d,]+) records.*", "$1").replace(",", ""));
        assertThat(onTopics.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(first + secondRun);
        assertThat(onTopics.get(EventTopic.USAGE.deadLetterTopicName())).isZero();

        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM agent_manager.tenants), "
                     + "(SELECT count(*) FROM agent_manager.agents), (SELECT count(*) FROM phone_manager.phone_numbers)")) {
            rs.next();
            assertThat(List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3))).containsExactly(5, 15, 15);
        }
    }

    /** Reads every input and dead-letter topic to its end and counts the records. */
    private static Map<String, Long> countRecords() {
        Map<String, Long> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (EventTopic topic : EventTopic.values()) {
                for (String name : List.of(topic.topicName(), topic.deadLetterTopicName())) {
                    List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
                            .map(p -> new TopicPartition(name, p.partition())).toList();
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                    long n = 0;
                    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                        for (ConsumerRecord<byte[], byte[]> ignored : consumer.poll(Duration.ofMillis(500))) {
                            n++;
                        }
                    }
                    counts.put(name, n);
                }
            }
        }
        return counts;
    }
}
