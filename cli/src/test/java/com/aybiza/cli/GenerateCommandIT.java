package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.events.EventCodec;
import com.aybiza.events.EventDecodingException;
import com.aybiza.events.EventTopic;
import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
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
 * topics is what the ledger says, the same command writes the same records again, and the reference data it invented
 * is in the database (once, however often it runs).
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

        String[] args = {"--bootstrap-servers", KAFKA.bootstrapServers(), "--rate", "4000", "--duration", "4s",
            "--tenants", "5", "--agents", "15", "--seed", "42", "--bad-ratio", "0.01", "--mean-call-seconds", "20",
            "--start", "2026-11-27T09:00:00Z", "--ledger", ledgerFile.toString(), "--jdbc-url", url};
        String out = generate(args);
        JsonNode ledger = new ObjectMapper().readTree(ledgerFile.toFile());
        String again = generate(args);

        assertThat(out).contains("reference data: 2 organizations, 5 tenants, 2 roles, 15 users, 15 agents, 15 agent versions, 15 phone numbers new")
                .contains("ledger: ").contains("billable quantity by tenant and resource type:")
                .contains("billable cost (USD) by tenant and resource type:")
                .contains("rows the pipeline should store:");
        assertThat(again).contains("reference data: 0 organizations, 0 tenants, 0 roles, 0 users, 0 agents, 0 agent versions, 0 phone numbers new");

        long records = 0;
        for (EventTopic topic : EventTopic.values()) {
            records += ledger.at("/topics/" + topic.topicName() + "/total").asLong();
        }
        assertThat(ledger.at("/records").asLong()).isEqualTo(records).isGreaterThan(10_000);
        assertThat(ledger.at("/malformed/random_bytes").asLong()).isPositive();
        assertThat(ledger.at("/billable_quantity").size()).isEqualTo(5);

        // The same command twice: every partition holds the first run's records, then exactly the same records again.
        Map<String, List<List<String>>> partitions = readAll();
        // Each ledger records where its run's records went: the first run's open each partition, the second's follow.
        // That is how reconcile tells the two runs' dead letters apart.
        JsonNode secondLedger = new ObjectMapper().readTree(ledgerFile.toFile());
        for (EventTopic topic : EventTopic.values()) {
            List<List<String>> ofTopic = partitions.get(topic.topicName());
            for (int p = 0; p < ofTopic.size(); p++) {
                long perRun = ofTopic.get(p).size() / 2;
                String range = "/offsets/" + topic.topicName() + "/" + p;
                if (perRun == 0) {
                    assertThat(ledger.at(range).isMissingNode()).as(range).isTrue();
                    continue;
                }
                assertThat(List.of(ledger.at(range).get(0).asLong(), ledger.at(range).get(1).asLong())).as(range)
                        .containsExactly(0L, perRun - 1);
                assertThat(List.of(secondLedger.at(range).get(0).asLong(), secondLedger.at(range).get(1).asLong()))
                        .as(range).containsExactly(perRun, 2 * perRun - 1);
            }
        }
        for (EventTopic topic : EventTopic.values()) {
            long onTopic = partitions.get(topic.topicName()).stream().mapToLong(List::size).sum();
            assertThat(onTopic).as(topic.topicName()).isEqualTo(2 * ledger.at("/topics/" + topic.topicName() + "/total").asLong());
            for (List<String> values : partitions.get(topic.topicName())) {
                assertThat(values.subList(values.size() / 2, values.size())).isEqualTo(values.subList(0, values.size() / 2));
            }
            assertThat(partitions.get(topic.deadLetterTopicName()).stream().mapToLong(List::size).sum()).isZero();
        }

        // What the first run stored, decoded as a consumer would: malformed kinds and billable totals match the ledger.
        long undecodable = 0;
        List<UsageEvent> billed = new ArrayList<>();
        EventCodec<UsageEvent> usage = EventCodec.forType(UsageEvent.class);
        Instant farFuture = Instant.parse("2026-11-28T09:00:00Z");
        for (EventTopic topic : EventTopic.values()) {
            EventCodec<? extends SpecificRecord> codec = EventCodec.forType(topic.eventType());
            for (List<String> values : partitions.get(topic.topicName())) {
                for (String value : values.subList(0, values.size() / 2)) {
                    byte[] bytes = Base64.getDecoder().decode(value);
                    try {
                        codec.decode(bytes);
                    } catch (EventDecodingException e) {
                        undecodable++;
                        continue;
                    }
                    if (topic == EventTopic.USAGE) {
                        UsageEvent event = usage.decode(bytes);
                        if (event.getEventTime().isAfter(farFuture) || !knownTenants(database).contains(event.getTenantId().toString())) {
                            continue; // the far-future and unknown-tenant kinds bill nothing
                        }
                        billed.add(event);
                    }
                }
            }
        }
        assertThat(undecodable).isEqualTo(ledger.at("/malformed/random_bytes").asLong()
                + ledger.at("/malformed/truncated_avro").asLong() + ledger.at("/malformed/unknown_schema_fingerprint").asLong()
                + ledger.at("/malformed/enum_outside_check_list").asLong());
        assertThat(billed).extracting(UsageEvent::getKind).contains(UsageEventKind.CORRECTION, UsageEventKind.VOID);
        assertThat(billedByTheRule(billed, UsageEvent::getQuantity))
                .isEqualTo(amounts(ledger.at("/billable_quantity")));
        assertThat(billedByTheRule(billed, UsageEvent::getTotalCost)).isEqualTo(amounts(ledger.at("/billable_cost")));
        assertThat(ledger.at("/orphan_adjustments").asLong()).isZero();
        assertThat(ledger.at("/rows/billing.usage_metering").asLong()).isEqualTo(billed.size());

        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM agent_manager.tenants), "
                     + "(SELECT count(*) FROM agent_manager.agents), (SELECT count(*) FROM phone_manager.phone_numbers)")) {
            rs.next();
            assertThat(List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3))).containsExactly(5, 15, 15);
        }
    }

    /**
     * The pipeline's billing rule: per target (a RECORD; a CORRECTION or VOID names it), the amount of its latest
     * correction by event time (ties: the larger event id as text) or its own, and 0 once any VOID names it.
     */
    private static Map<String, Map<String, BigDecimal>> billedByTheRule(List<UsageEvent> usage,
                                                                       Function<UsageEvent, BigDecimal> amount) {
        Map<UUID, List<UsageEvent>> fixes = usage.stream().filter(u -> u.getKind() != UsageEventKind.RECORD)
                .collect(Collectors.groupingBy(UsageEvent::getCorrectsEventId));
        Map<String, Map<String, BigDecimal>> totals = new TreeMap<>();
        usage.stream().filter(u -> u.getKind() == UsageEventKind.RECORD).forEach(target -> {
            List<UsageEvent> ofTarget = fixes.getOrDefault(target.getEventId(), List.of());
            BigDecimal billed = ofTarget.stream().anyMatch(f -> f.getKind() == UsageEventKind.VOID)
                    ? new BigDecimal("0.000000")
                    : amount.apply(ofTarget.stream().filter(f -> f.getKind() == UsageEventKind.CORRECTION)
                            .max(Comparator.comparing(UsageEvent::getEventTime)
                                    .thenComparing(f -> f.getEventId().toString()))
                            .orElse(target));
            totals.computeIfAbsent(target.getTenantId().toString(), t -> new TreeMap<>())
                    .merge(target.getResourceType(), billed, BigDecimal::add);
        });
        return totals;
    }

    private static Map<String, Map<String, BigDecimal>> amounts(JsonNode perTenant) {
        Map<String, Map<String, BigDecimal>> amounts = new TreeMap<>();
        perTenant.fields().forEachRemaining(tenant -> tenant.getValue().fields().forEachRemaining(
                type -> amounts.computeIfAbsent(tenant.getKey(), t -> new TreeMap<>())
                        .put(type.getKey(), new BigDecimal(type.getValue().asText()))));
        return amounts;
    }

    private Set<String> knownTenantIds;

    private Set<String> knownTenants(DatabaseSettings database) throws Exception {
        if (knownTenantIds == null) {
            knownTenantIds = new HashSet<>();
            try (Connection c = database.open(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM agent_manager.tenants")) {
                while (rs.next()) {
                    knownTenantIds.add(rs.getString(1));
                }
            }
        }
        return knownTenantIds;
    }

    /** Reads every input and dead-letter topic to its end: per topic, per partition, the values in order (Base64). */
    private static Map<String, List<List<String>>> readAll() {
        Map<String, List<List<String>>> topics = new HashMap<>();
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
                    Map<Integer, List<String>> values = new TreeMap<>();
                    partitions.forEach(p -> values.put(p.partition(), new ArrayList<>()));
                    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                            values.get(record.partition()).add(Base64.getEncoder().encodeToString(record.value()));
                        }
                    }
                    topics.put(name, new ArrayList<>(values.values()));
                }
            }
        }
        return topics;
    }
}
