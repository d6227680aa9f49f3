package com.aybiza.jobs.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.DynaliteExtension;
import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.EventCodec;
import com.aybiza.events.EventTopic;
import com.aybiza.jobs.GeneratedTraffic;
import com.aybiza.jobs.JobEnvironment;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.calls.CallAnalyticsJob;
import com.aybiza.jobs.calls.CallIds;
import com.aybiza.jobs.calls.CallTestData;
import com.aybiza.jobs.ingest.IngestKafka;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Live state end to end: the generator's calls, turns and tool executions (every record sent twice) through the calls
 * topology into the DynamoDB-compatible server, read back through the AWS SDK. Calls still in progress when the
 * traffic ends are live items whose turns match the turns sent so far; ended calls are not live and expire minutes
 * after their end; no finished tool is left in ActiveToolExecutions; every agent with calls has a session. A second
 * run over the same topics, without state, leaves the same items.
 */
class LiveStateIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final DynaliteExtension DYNAMODB = new DynaliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    @Test
    void liveCallsShowTheirTurnsSoFarEndedOnesAndFinishedToolsAreGone() throws Exception {
        DatabaseSettings database = POSTGRES.settings(POSTGRES.newDatabase());
        new SchemaMigrator(database).migrate();
        LiveStateSettings live = LiveStateSettings.at(DYNAMODB.endpoint());
        try (DynamoDbClient dynamo = live.client()) {
            assertThat(LiveTables.create(dynamo)).allSatisfy(o -> assertThat(o.created()).isTrue());
            assertThat(LiveTables.create(dynamo)).as("a second init is a no-op")
                    .allSatisfy(o -> assertThat(o.created()).isFalse());
        }
        GeneratedTraffic.writeTwice(KAFKA.bootstrapServers(), database, tmp.resolve("ledger.json"),
                GeneratedTraffic.minutesAgo(2), new GeneratedTraffic.Traffic(400, Duration.ofSeconds(20), 3, 6, 11, 0));
        JobSettings settings = JobSettings.builder(KAFKA.bootstrapServers(), database).liveState(live).build();
        InputTopics.requireLogAppendTime(KAFKA.bootstrapServers(), Map.of(),
                List.of(EventTopic.CALLS, EventTopic.TOOL_EXECUTIONS, EventTopic.CALL_TURNS), 10);
        runToEnd(settings);

        Map<String, Integer> turnsSent = turnsPerCall();
        try (DynamoDbClient dynamo = live.client()) {
            List<Map<String, AttributeValue>> calls = scan(dynamo, LiveTables.REALTIME_CALL_STATE);
            checkCalls(database, calls, turnsSent);
            List<Map<String, AttributeValue>> running = scan(dynamo, LiveTables.ACTIVE_TOOL_EXECUTIONS);
            Set<String> stillRunning = new HashSet<>(CallTestData.strings(database, "SELECT id::text "
                    + "FROM agent_intelligence.tool_executions WHERE status NOT IN ('completed', 'failed')"));
            assertThat(running).extracting(i -> CallIds.toolExecutionId(UUID.fromString(i.get("tenant_id").s()),
                            UUID.fromString(i.get("execution_id").s())).toString())
                    .as("exactly the executions that have not finished").containsExactlyInAnyOrderElementsOf(
                            stillRunning);
            List<Map<String, AttributeValue>> sessions = scan(dynamo, LiveTables.AGENT_SESSIONS);
            assertThat(sessions).extracting(i -> i.get("agent_id").s()).as("an agent's session per agent with calls")
                    .containsExactlyInAnyOrderElementsOf(CallTestData.strings(database,
                            "SELECT DISTINCT agent_id::text FROM call_analytics.calls WHERE agent_id IS NOT NULL"));

            runToEnd(settings); // the same topics again, without state: the same items
            assertThat(scan(dynamo, LiveTables.REALTIME_CALL_STATE)).containsExactlyInAnyOrderElementsOf(calls);
            assertThat(scan(dynamo, LiveTables.ACTIVE_TOOL_EXECUTIONS)).containsExactlyInAnyOrderElementsOf(running);
        }
    }

    private static void checkCalls(DatabaseSettings database, List<Map<String, AttributeValue>> items,
                                   Map<String, Integer> turnsSent) throws Exception {
        Map<String, Map<String, AttributeValue>> bySid = new HashMap<>();
        items.forEach(i -> bySid.put(i.get("call_sid").s(), i));
        List<String> inProgress = CallTestData.strings(database, "SELECT call_sid FROM call_analytics.calls "
                + "WHERE status IN ('initiated', 'ringing', 'answered')");
        List<String> ended = CallTestData.strings(database, "SELECT call_sid || ' ' || "
                + "extract(epoch FROM end_time)::bigint FROM call_analytics.calls WHERE end_time IS NOT NULL");
        assertThat(inProgress).as("calls still going when the traffic ended").isNotEmpty();
        assertThat(ended).isNotEmpty();
        assertThat(bySid.keySet()).as("one item per call").hasSize(inProgress.size() + ended.size());
        int withTurns = 0;
        for (String sid : inProgress) {
            Map<String, AttributeValue> item = bySid.get(sid);
            assertThat(item).as(sid).isNotNull();
            assertThat(item.get("live").bool()).as(sid).isTrue();
            int sent = turnsSent.getOrDefault(sid, 0);
            assertThat(Integer.parseInt(item.get("turns").n())).as("turns of live call " + sid).isEqualTo(sent);
            if (sent > 0) {
                withTurns++;
                assertThat(item.get("last_turn").m()).as(sid).containsKeys("stt_ms", "llm_first_token_ms",
                        "tts_first_audio_ms", "total_ms");
                assertThat(item.get("p95_turn").m()).as(sid).containsKey("total_ms");
                assertThat(new BigDecimal(item.get("running_cost_usd").n())).as(sid).isPositive();
                assertThat(item).as(sid).containsKeys("quality_score", "quality_model");
            }
            assertThat(Long.parseLong(item.get("ttl").n())).as("a live item outlives now")
                    .isGreaterThan(Instant.now().getEpochSecond());
        }
        assertThat(withTurns).as("live calls with turns so far").isPositive();
        for (String row : ended) {
            String[] sidAndEnd = row.split(" ");
            Map<String, AttributeValue> item = bySid.get(sidAndEnd[0]);
            assertThat(item.get("live").bool()).as("ended call " + sidAndEnd[0]).isFalse();
            assertThat(Long.parseLong(item.get("ttl").n())).as("expires minutes after its end")
                    .isBetween(Long.parseLong(sidAndEnd[1]), Long.parseLong(sidAndEnd[1])
                            + LiveCallTracker.ENDED_TTL_SECONDS + 1);
        }
    }

    private static List<Map<String, AttributeValue>> scan(DynamoDbClient dynamo, LiveTables table) {
        return dynamo.scanPaginator(ScanRequest.builder().tableName(table.tableName()).build()).items().stream()
                .toList();
    }

    /** Distinct turns per call in the turns topic (each was sent twice). */
    private static Map<String, Integer> turnsPerCall() {
        Map<String, Set<Integer>> turns = new HashMap<>();
        EventCodec<CallTurnEvent> codec = EventCodec.forType(CallTurnEvent.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(EventTopic.CALL_TURNS.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    CallTurnEvent turn = codec.decode(record.value());
                    turns.computeIfAbsent(turn.getCallSid(), sid -> new HashSet<>()).add(turn.getTurnIndex());
                }
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        turns.forEach((sid, indexes) -> counts.put(sid, indexes.size()));
        return counts;
    }

    private void runToEnd(JobSettings settings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, settings);
        env.getConfig().disableGenericTypes();
        CallAnalyticsJob.builder()
                .callsTopic(wholeTopic(EventTopic.CALLS))
                .toolExecutionsTopic(wholeTopic(EventTopic.TOOL_EXECUTIONS))
                .callTurnsTopic(wholeTopic(EventTopic.CALL_TURNS))
                .liveState(LiveStateSinks.dynamoDb(settings.liveState()))
                .calls(CallAnalyticsJob.callsSink(settings))
                .toolExecutions(CallAnalyticsJob.toolExecutionsSink(settings))
                .callAnalytics(CallAnalyticsJob.callAnalyticsSink(settings))
                .detailedMetrics(CallAnalyticsJob.detailedMetricsSink(settings))
                .callQualityScores(CallAnalyticsJob.callQualityScoresSink(settings))
                .agentPerformance(CallAnalyticsJob.agentPerformanceSink(settings))
                .deadLetters(IngestKafka.deadLetterSink(KAFKA.bootstrapServers()))
                .frontStage(settings.frontStage())
                .build()
                .build(env);
        env.execute("calls with live state");
    }

    private static KafkaSource<RawRecord> wholeTopic(EventTopic topic) {
        return IngestKafka.source(KAFKA.bootstrapServers(), topic.topicName(), "live-it-" + System.nanoTime())
                .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest()).build();
    }
}
