package com.aybiza.jobs.calls;

import static com.aybiza.jobs.calls.CallTestData.END;
import static com.aybiza.jobs.calls.CallTestData.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallStatus;
import com.aybiza.sinks.postgres.PostgresSinkOptions;
import com.aybiza.sinks.postgres.internal.BatchCommitter;
import com.aybiza.sinks.postgres.internal.Refused;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two tables written from finished calls, against the migrated schema on a real PostgreSQL: call_analytics gets
 * one row per call with its means and tool counts, detailed_metrics one row per figure at the call's end, and a
 * replay adds nothing to either.
 */
class CallAnalyticsWritersIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static DatabaseSettings database;
    private BatchCommitter<FinishedCall> analytics;
    private BatchCommitter<FinishedCall> metrics;
    private CallTestData data;

    @BeforeAll
    static void migrate() throws Exception {
        database = CallTestData.migrated(POSTGRES.settings(POSTGRES.newDatabase()));
    }

    @BeforeEach
    void freshTables() throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE call_analytics.call_analytics, call_analytics.detailed_metrics");
        }
        analytics = new BatchCommitter<>(database::open, new CallAnalyticsWriter(), PostgresSinkOptions.defaults(),
                "call analytics");
        metrics = new BatchCommitter<>(database::open, new DetailedMetricsWriter(), PostgresSinkOptions.defaults(),
                "detailed metrics");
        data = CallTestData.create();
    }

    private FinishedCall finished(String callSid, CallStatus status, int tools, int ok, int failed) {
        return new FinishedCall(data.call(callSid, status), tools, ok, failed);
    }

    @Test
    void writesOneAnalyticsRowPerFinishedCallAndAReplayInsertsNothing() throws Exception {
        List<FinishedCall> batch = List.of(finished("CA-1", CallStatus.completed, 3, 2, 1),
                finished("CA-2", CallStatus.busy, 0, 0, 0));
        assertThat(analytics.commit(batch)).isEmpty();
        List<String> before = CallTestData.strings(database,
                "SELECT to_jsonb(a)::text FROM call_analytics.call_analytics a ORDER BY call_sid");

        assertThat(analytics.commit(batch)).isEmpty();
        assertThat(analytics.commit(List.of(batch.get(0), batch.get(0)))).isEmpty();

        assertThat(CallTestData.strings(database,
                "SELECT to_jsonb(a)::text FROM call_analytics.call_analytics a ORDER BY call_sid")).isEqualTo(before);
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, stt_latency_ms, llm_first_token_ms, total_latency_ms, "
                     + "turns_count, interruptions_count, tool_calls_count, successful_tool_calls, failed_tool_calls, "
                     + "tokens_used, edge_cache_hits, model_used, created_at, performance_metrics->>'call_status' "
                     + "FROM call_analytics.call_analytics ORDER BY call_sid")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, UUID.class)).isEqualTo(CallIds.callId(TENANT, "CA-1"));
            assertThat(List.of(rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7),
                    rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11)))
                    .containsExactly(130, 300, 510, 2, 1, 3, 2, 1, 509, 3);
            assertThat(rs.getString(12)).isEqualTo("claude-sonnet");
            assertThat(rs.getTimestamp(13).toInstant()).as("created_at is the call's end").isEqualTo(END);
            assertThat(rs.getString(14)).isEqualTo("completed");

            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(2)).as("a busy call measured no latency").isNull();
            assertThat(rs.getInt(5)).isZero();
            assertThat(rs.getInt(10)).as("unreported tokens are the column's 0").isZero();
            assertThat(rs.getString(14)).isEqualTo("busy");
        }
    }

    @Test
    void writesEachFigureOnceAtTheCallsEnd() throws Exception {
        FinishedCall call = finished("CA-1", CallStatus.completed, 3, 2, 1);
        int figures = CallFigures.of(call).size();
        assertThat(metrics.commit(List.of(call, finished("CA-2", CallStatus.busy, 0, 0, 0)))).isEmpty();
        String before = String.join("\n", CallTestData.strings(database,
                "SELECT to_jsonb(m)::text FROM call_analytics.detailed_metrics m ORDER BY id"));

        assertThat(metrics.commit(List.of(call))).isEmpty();
        assertThat(metrics.commit(List.of(call, call))).isEmpty();

        assertThat(String.join("\n", CallTestData.strings(database,
                "SELECT to_jsonb(m)::text FROM call_analytics.detailed_metrics m ORDER BY id"))).isEqualTo(before);
        assertThat(CallTestData.count(database, "SELECT count(*) FROM call_analytics.detailed_metrics "
                + "WHERE call_sid = 'CA-1'")).isEqualTo(figures).isEqualTo(2 * 6 - 4 + 5);
        assertThat(CallTestData.count(database, "SELECT count(*) FROM call_analytics.detailed_metrics "
                + "WHERE call_sid = 'CA-2'")).as("a busy call reports no figure").isZero();
        assertThat(CallTestData.strings(database, "SELECT DISTINCT \"timestamp\" = '" + END + "'::timestamptz "
                + "FROM call_analytics.detailed_metrics")).containsExactly("t");
        assertThat(CallTestData.strings(database, "SELECT metric_type || ' ' || metric_value || ' ' || metric_unit "
                + "|| ' ' || (metadata->>'turn_index') FROM call_analytics.detailed_metrics "
                + "WHERE metric_name = 'stt_latency_ms'"
                + " ORDER BY 1")).containsExactly("latency 120 ms 0", "latency 140 ms 1");

        // A stored call and a new one in one batch: the straight COPY meets a stored figure, the staged insert
        // adds the new call's figures alone.
        assertThat(metrics.commit(List.of(call, finished("CA-3", CallStatus.completed, 1, 0, 0)))).isEmpty();
        assertThat(CallTestData.count(database, "SELECT count(*) FROM call_analytics.detailed_metrics "
                + "WHERE call_sid = 'CA-3'")).isPositive();
        assertThat(String.join("\n", CallTestData.strings(database, "SELECT to_jsonb(m)::text FROM "
                + "call_analytics.detailed_metrics m WHERE call_sid <> 'CA-3' ORDER BY id"))).isEqualTo(before);
    }

    @Test
    void aFinishedCallTheDatabaseRefusesIsSetAsideAndTheRestIsWritten() throws Exception {
        FinishedCall unknownTenant = finished("CA-3", CallStatus.completed, 0, 0, 0);
        unknownTenant.event.setTenantId(UUID.randomUUID());

        List<Refused<FinishedCall>> refused = analytics.commit(List.of(finished("CA-1", CallStatus.completed, 0, 0, 0),
                unknownTenant, finished("CA-2", CallStatus.failed, 1, 0, 1)));

        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.row().event.getCallSid()).isEqualTo("CA-3");
            assertThat(r.refusal().sqlState()).isEqualTo("23503");
        });
        assertThat(CallTestData.strings(database, "SELECT call_sid FROM call_analytics.call_analytics ORDER BY 1"))
                .containsExactly("CA-1", "CA-2");
    }
}
