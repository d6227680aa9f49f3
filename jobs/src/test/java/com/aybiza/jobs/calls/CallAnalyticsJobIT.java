package com.aybiza.jobs.calls;

import com.aybiza.jobs.GeneratedTraffic;
import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.events.EventTopic;
import com.aybiza.jobs.JobEnvironment;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.ingest.IngestKafka;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls topology that ships, on Flink's MiniCluster with a real broker and PostgreSQL: the generator's calls and
 * tool executions (with malformed records, every record sent twice) end as one calls row per call, one call_analytics
 * row per finished call whose tool counts are those of its stored executions, one tool_executions row per execution,
 * and the calls' figures; a replay of both topics by a job without any state then changes no row and no column.
 */
class CallAnalyticsJobIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** Every column but updated_at, which a write may move (a replay does not, but it is no function of the events). */
    private static final Map<String, String> CHECKSUMS = new LinkedHashMap<>();

    static {
        CHECKSUMS.put("call_analytics.calls", "SELECT md5(string_agg((to_jsonb(t) - 'updated_at')::text, ',' "
                + "ORDER BY id)) FROM call_analytics.calls t");
        CHECKSUMS.put("call_analytics.call_analytics",
                "SELECT md5(string_agg(to_jsonb(t)::text, ',' ORDER BY id)) FROM call_analytics.call_analytics t");
        CHECKSUMS.put("agent_intelligence.tool_executions",
                "SELECT md5(string_agg(to_jsonb(t)::text, ',' ORDER BY id)) FROM agent_intelligence.tool_executions t");
        CHECKSUMS.put("quality.call_quality_scores",
                "SELECT md5(string_agg(to_jsonb(t)::text, ',' ORDER BY id)) FROM quality.call_quality_scores t");
        CHECKSUMS.put("quality.agent_performance_metrics", "SELECT md5(string_agg(to_jsonb(t)::text, ',' "
                + "ORDER BY id)) FROM quality.agent_performance_metrics t");
        CHECKSUMS.put("call_analytics.detailed_metrics", "SELECT md5(string_agg(to_jsonb(t)::text, ',' "
                + "ORDER BY id, \"timestamp\")) FROM call_analytics.detailed_metrics t");
    }

    @TempDir
    Path tmp;

    @Test
    void storesWhatTheLedgerCountsAndAReplayWithoutStateChangesNothing() throws Exception {
        DatabaseSettings database = POSTGRES.settings(POSTGRES.newDatabase());
        new SchemaMigrator(database).migrate();
        JsonNode rows = GeneratedTraffic.writeTwice(KAFKA.bootstrapServers(), database, tmp.resolve("ledger.json"),
                GeneratedTraffic.minutesAgo(2), new GeneratedTraffic.Traffic(600, Duration.ofSeconds(15), 3, 6, 29, 0.02))
                .get("rows");
        assertThat(rows.get("call_analytics.call_analytics").asLong()).as("finished calls").isPositive();
        assertThat(rows.get("agent_intelligence.tool_executions").asLong()).as("tool executions").isPositive();

        JobSettings settings = JobSettings.builder(KAFKA.bootstrapServers(), database).build();
        InputTopics.requireLogAppendTime(KAFKA.bootstrapServers(), Map.of(),
                List.of(EventTopic.CALLS, EventTopic.TOOL_EXECUTIONS), 10);
        runToEnd(settings);

        for (String table : List.of("call_analytics.calls", "call_analytics.call_analytics",
                "agent_intelligence.tool_executions", "quality.call_quality_scores",
                "quality.agent_performance_metrics")) {
            assertThat(count(database, "SELECT count(*) FROM " + table)).as(table).isEqualTo(rows.get(table).asLong());
        }
        assertThat(count(database, "SELECT count(*) FROM call_analytics.calls WHERE status IN "
                + "('completed', 'busy', 'failed', 'no-answer', 'cancelled')"))
                .as("every call that ended is stored as ended, whatever came after")
                .isEqualTo(rows.get("call_analytics.call_analytics").asLong());
        assertThat(count(database, "SELECT count(*) FROM call_analytics.detailed_metrics")).isPositive();
        assertThat(count(database, "SELECT count(*) FROM call_analytics.call_analytics WHERE tool_calls_count > 0"))
                .as("calls with tools").isPositive();
        // The join counted, per finished call, exactly the executions stored for it: the bounded sources end with
        // the final watermark, so no outcome came after its call's grace.
        assertThat(count(database, """
                SELECT count(*) FROM call_analytics.call_analytics a
                LEFT JOIN (SELECT tenant_id, call_sid, count(*) AS n,
                                  count(*) FILTER (WHERE status = 'completed') AS ok,
                                  count(*) FILTER (WHERE status = 'failed') AS failed
                           FROM agent_intelligence.tool_executions GROUP BY 1, 2) x
                       ON x.tenant_id = a.tenant_id AND x.call_sid = a.call_sid
                WHERE (a.tool_calls_count, a.successful_tool_calls, a.failed_tool_calls)
                      IS DISTINCT FROM (coalesce(x.n, 0), coalesce(x.ok, 0), coalesce(x.failed, 0))
                """)).as("finished calls whose tool counts differ from their stored executions").isZero();
        assertThat(count(database, "SELECT count(*) FROM call_analytics.calls c WHERE status = 'completed' AND NOT "
                + "EXISTS (SELECT FROM quality.call_quality_scores q WHERE q.call_id = c.id)"))
                .as("completed calls without a quality score").isZero();
        // Every agent's day holds exactly the calls that ended that day, and the tool executions that started then.
        assertThat(count(database, """
                SELECT count(*) FROM (
                    SELECT agent_id, (end_time AT TIME ZONE 'UTC')::date AS day, count(*) AS calls,
                           count(*) FILTER (WHERE status = 'completed') AS ok,
                           round(avg(duration_seconds), 2) AS duration
                    FROM call_analytics.calls
                    WHERE agent_id IS NOT NULL AND status IN ('completed', 'busy', 'failed', 'no-answer', 'cancelled')
                    GROUP BY 1, 2) c
                FULL JOIN (
                    SELECT agent_id, ("timestamp" AT TIME ZONE 'UTC')::date AS day, count(*) AS executions
                    FROM agent_intelligence.tool_executions WHERE status IN ('completed', 'failed') GROUP BY 1, 2) t
                  ON t.agent_id = c.agent_id AND t.day = c.day
                FULL JOIN quality.agent_performance_metrics m
                  ON m.agent_id = coalesce(c.agent_id, t.agent_id) AND m.metric_date = coalesce(c.day, t.day)
                WHERE (coalesce(c.calls, 0), coalesce(c.ok, 0), c.duration, coalesce(t.executions, 0))
                      IS DISTINCT FROM (m.total_calls, m.successful_calls, m.average_call_duration,
                                        (SELECT coalesce(sum((v->>'executions')::int), 0)
                                         FROM jsonb_each(m.tool_usage_stats) AS e(k, v)))
                """)).as("agent days that differ from their calls and tool executions").isZero();
        Map<String, String> written = checksums(database);

        runToEnd(settings); // both topics again, from a job with no state at all
        assertThat(checksums(database)).isEqualTo(written);
    }

    private void runToEnd(JobSettings settings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, settings);
        env.getConfig().disableGenericTypes();
        CallAnalyticsJob.builder()
                .callsTopic(wholeTopic(EventTopic.CALLS))
                .toolExecutionsTopic(wholeTopic(EventTopic.TOOL_EXECUTIONS))
                .callTurnsTopic(wholeTopic(EventTopic.CALL_TURNS))
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
        env.execute("calls");
    }

    private static KafkaSource<com.aybiza.jobs.ingest.RawRecord> wholeTopic(EventTopic topic) {
        return IngestKafka.source(KAFKA.bootstrapServers(), topic.topicName(), "calls-it-" + System.nanoTime())
                .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest()).build();
    }

    private static Map<String, String> checksums(DatabaseSettings database) throws Exception {
        Map<String, String> sums = new LinkedHashMap<>();
        for (Map.Entry<String, String> table : CHECKSUMS.entrySet()) {
            sums.put(table.getKey(), count(database, "SELECT count(*) FROM " + table.getKey()) + " rows, "
                    + CallTestData.strings(database, table.getValue()).get(0));
        }
        return sums;
    }

    private static long count(DatabaseSettings database, String sql) throws Exception {
        return CallTestData.count(database, sql);
    }
}
