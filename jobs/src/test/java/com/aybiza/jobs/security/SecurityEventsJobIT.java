package com.aybiza.jobs.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.events.EventCodec;
import com.aybiza.events.EventTopic;
import com.aybiza.events.LoginAttempt;
import com.aybiza.events.SecurityEvent;
import com.aybiza.jobs.GeneratedTraffic;
import com.aybiza.jobs.JobEnvironment;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.calls.CallTestData;
import com.aybiza.jobs.enrich.ReferenceApiKeyLimits;
import com.aybiza.jobs.enrich.ReferenceRows;
import com.aybiza.jobs.ingest.IngestKafka;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security topology that ships, on Flink's MiniCluster with a real broker and PostgreSQL: the generator's security
 * stream (malformed records included, every record sent twice), plus one event of each payload type, ends as exactly
 * the ledger's rows (plus that one) in each of the six tables; a replay of the whole topic by a job without any state
 * then changes no row count and no checksum.
 */
class SecurityEventsJobIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    @Test
    void storesTheLedgersRowsPerTableAndAReplayWithoutStateChangesNothing() throws Exception {
        DatabaseSettings database = POSTGRES.settings(POSTGRES.newDatabase());
        new SchemaMigrator(database).migrate();
        Instant start = GeneratedTraffic.minutesAgo(2);
        JsonNode ledger = GeneratedTraffic.writeTwice(KAFKA.bootstrapServers(), database, tmp.resolve("ledger.json"),
                start, new GeneratedTraffic.Traffic(300, Duration.ofSeconds(20), 3, 6, 7, 0.02));
        // A short run may lack a payload type (a failed-login incident outlasts 20 s before its alert comes), so one
        // event of each type, on the generator's reference data, joins the traffic, sent twice as well. An hour before
        // the traffic, they are late, and too old to join any incident of the rules; their voice event is critical,
        // which makes one detection.
        SecurityEventFixtures fixtures = fixtures(database);
        sendTwice(fixtures.oneOfEach("job-it"), start.minus(Duration.ofHours(1)));
        // A brute-force burst against a user of the generator's tenant that the generator never uses: exactly one
        // detection, after the traffic and within the clock skew allowed.
        UUID target = UUID.fromString("5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b");
        try (ReferenceRows rows = new ReferenceRows(database)) {
            rows.user(target, fixtures.organization(), fixtures.tenant());
        }
        SecurityEvent[] burst = new SecurityEvent[6];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = fixtures.login("burst-" + i);
            burst[i].setPayload(LoginAttempt.newBuilder((LoginAttempt) burst[i].getPayload()).setUserId(target)
                    .setIpAddress("192.0.2.200").build());
        }
        sendTwice(burst, start.plus(Duration.ofMinutes(2)).plusSeconds(30));
        Map<String, Long> expected = new LinkedHashMap<>();
        for (SecurityTable<?> table : SecurityTable.ALL) {
            expected.put(table.name(), ledger.at("/rows/" + table.name()).asLong() + 1);
        }
        expected.merge(SecurityTable.LOGIN_HISTORY.name(), (long) burst.length, Long::sum);
        expected.merge(SecurityTable.SECURITY_EVENTS.name(), 2L, Long::sum);
        assertThat(ledger.at("/rows/" + SecurityTable.API_ACCESS_LOGS.name()).asLong()).as("generated traffic")
                .isPositive();

        JobSettings settings = JobSettings.builder(KAFKA.bootstrapServers(), database).build();
        InputTopics.requireLogAppendTime(KAFKA.bootstrapServers(), Map.of(), List.of(EventTopic.SECURITY), 10);
        runToEnd(settings);
        Map<String, SecurityTableSnapshot> stored = snapshots(database);
        Map<String, Long> rows = new LinkedHashMap<>();
        stored.forEach((table, snapshot) -> rows.put(table, snapshot.rows()));
        assertThat(rows).isEqualTo(expected);
        assertThat(CallTestData.strings(database, "SELECT details->>'rule' FROM security.security_events "
                + "WHERE source = 'aybiza-detection' AND user_id = ?", target))
                .as("the burst: one detection for the user and the address together").containsExactly("brute_force");
        assertThat(CallTestData.count(database, "SELECT count(*) FROM security.security_events "
                + "WHERE source = 'aybiza-detection' AND details->>'rule' = 'critical_voice_threat'"))
                .isEqualTo(1 + ledger.at("/detections/critical_voice_threat").asLong());

        runToEnd(settings); // the whole topic again, from a job with no state at all
        assertThat(snapshots(database)).isEqualTo(stored);
    }

    private void runToEnd(JobSettings settings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, settings);
        env.getConfig().disableGenericTypes();
        new SecurityEventsJob(
                IngestKafka.source(KAFKA.bootstrapServers(), EventTopic.SECURITY.topicName(),
                                "security-it-" + System.nanoTime())
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest()).build(),
                SecurityEventsJob.tableSinks(settings), IngestKafka.deadLetterSink(KAFKA.bootstrapServers()),
                settings.frontStage(), new ReferenceApiKeyLimits(settings.frontStage().referenceData()))
                .build(env);
        env.execute("security events");
    }

    private static SecurityEventFixtures fixtures(DatabaseSettings database) throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT u.organization_id, u.tenant_id, a.id, v.id, u.id "
                     + "FROM agent_manager.users u JOIN agent_manager.agents a ON a.tenant_id = u.tenant_id "
                     + "JOIN agent_manager.agent_versions v ON v.agent_id = a.id ORDER BY u.id, a.id, v.id LIMIT 1")) {
            assertThat(rs.next()).as("the generator's reference data").isTrue();
            return new SecurityEventFixtures(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                    rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), null);
        }
    }

    private static void sendTwice(SecurityEvent[] events, Instant time) throws Exception {
        EventCodec<SecurityEvent> codec = EventCodec.forType(SecurityEvent.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int copy = 0; copy < 2; copy++) {
                for (SecurityEvent event : events) {
                    event.setEventTime(time);
                    byte[] key = EventTopic.keyOf(event.getTenantId(), event.getOrganizationId())
                            .getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(EventTopic.SECURITY.topicName(), key, codec.encode(event)))
                            .get();
                }
            }
        }
    }

    private static Map<String, SecurityTableSnapshot> snapshots(DatabaseSettings database) throws Exception {
        Map<String, SecurityTableSnapshot> snapshots = new LinkedHashMap<>();
        for (SecurityTable<?> table : SecurityTable.ALL) {
            snapshots.put(table.name(), SecurityTableSnapshot.of(database, table));
        }
        return snapshots;
    }
}
