package com.aybiza.jobs.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.ToolExecutionPhase;
import com.aybiza.jobs.calls.CallIds;
import com.aybiza.jobs.calls.CallTestData;
import com.aybiza.jobs.calls.FinishedCall;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.enrich.ReferenceRows;
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.sinks.postgres.PostgresSinkOptions;
import com.aybiza.sinks.postgres.internal.BatchCommitter;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The quality tables against the migrated schema on a real PostgreSQL: a score per answered call, written even before
 * the calls sink has stored the call, and once; an agent's day that only moves forward.
 */
class QualityWritersIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final UUID AGENT = SampleEvents.AGENT;
    private static final String DAY_OF_END = CallTestData.END.atOffset(ZoneOffset.UTC).toLocalDate().toString();

    private static DatabaseSettings database;
    private BatchCommitter<FinishedCall> scores;
    private BatchCommitter<AgentDay> days;
    private CallTestData data;
    private long offset;

    @BeforeAll
    static void migrate() throws Exception {
        database = CallTestData.migrated(POSTGRES.settings(POSTGRES.newDatabase()));
        try (ReferenceRows rows = new ReferenceRows(database)) {
            rows.agent(AGENT, SampleEvents.AGENT_VERSION, "Quality agent", CallTestData.ORG, CallTestData.TENANT,
                    UUID.fromString("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"));
        }
    }

    @BeforeEach
    void freshTables() throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE call_analytics.calls CASCADE");
            st.execute("TRUNCATE quality.agent_performance_metrics");
        }
        scores = new BatchCommitter<>(database::open, new CallQualityScoresWriter(), PostgresSinkOptions.defaults(),
                "call quality scores");
        days = new BatchCommitter<>(database::open, new AgentPerformanceWriter(), PostgresSinkOptions.defaults(),
                "agent performance");
        data = CallTestData.create();
    }

    private FinishedCall finished(String callSid, CallStatus status, int tools, int failed) {
        EnrichedEvent<CallEvent> call = data.call(callSid, status);
        call.event.setAgentId(AGENT);
        return new FinishedCall(call, tools, tools - failed, failed);
    }

    @Test
    void scoresEachAnsweredCallOnceAndStoresTheCallFirstIfItsSinkHasNot() throws Exception {
        FinishedCall completed = finished("CA-Q1", CallStatus.completed, 4, 1);
        FinishedCall busy = finished("CA-Q2", CallStatus.busy, 0, 0);
        assertThat(CallQualityScoresWriter.scores(completed)).isTrue();
        assertThat(CallQualityScoresWriter.scores(busy)).as("never answered: nothing to score").isFalse();

        assertThat(scores.commit(List.of(completed))).isEmpty();
        UUID callId = CallIds.callId(CallTestData.TENANT, "CA-Q1");
        assertThat(CallTestData.strings(database, "SELECT status FROM call_analytics.calls WHERE id = ?", callId))
                .as("the call, upserted by the score's own transaction").containsExactly("completed");
        String row = CallTestData.row(database, "quality.call_quality_scores", "call_id = '" + callId + "'");

        CallQualityScore expected = CallQualityModel.score(QualityInputs.of(completed.event, 4, 1));
        assertThat(CallTestData.strings(database, "SELECT concat_ws(' ', id, overall_score, agent_performance_score, "
                + "customer_satisfaction_score, audio_quality_score, scoring_model_version, scored_at = ?, "
                + "jsonb_path_query_array(issues_detected, '$[*].code')) FROM quality.call_quality_scores",
                CallTestData.END.atOffset(ZoneOffset.UTC)))
                .containsExactly(String.join(" ", CallQualityScoresWriter.scoreId(callId).toString(),
                        expected.overall().toPlainString(), expected.agentPerformance().toPlainString(),
                        expected.customerSatisfaction().toPlainString(), expected.audioQuality().toPlainString(),
                        CallQualityModel.VERSION, "t", expected.issues().stream().map(f -> "\"" + f.code() + "\"")
                                .collect(java.util.stream.Collectors.joining(", ", "[", "]"))));
        assertThat(expected.issues()).extracting(Finding::code).contains("failed_tool_calls");

        assertThat(scores.commit(List.of(completed, completed))).isEmpty();
        assertThat(CallTestData.row(database, "quality.call_quality_scores", "call_id = '" + callId + "'"))
                .as("a replay changes nothing").isEqualTo(row);
        assertThat(CallTestData.count(database, "SELECT count(*) FROM quality.call_quality_scores")).isOne();
    }

    @Test
    void aCallWhoseSidBelongsToAnotherTenantGetsNoScore() throws Exception {
        EnrichedEvent<CallEvent> other = data.call("CA-Q3", CallStatus.completed, CallTestData.OTHER_TENANT);
        other.event.setAgentId(AGENT);
        assertThat(scores.commit(List.of(new FinishedCall(other, 0, 0, 0)))).isEmpty();
        FinishedCall mine = finished("CA-Q3", CallStatus.completed, 0, 0);
        assertThat(scores.commit(List.of(mine))).hasSize(1);
        assertThat(CallTestData.count(database, "SELECT count(*) FROM quality.call_quality_scores WHERE tenant_id = '"
                + CallTestData.TENANT + "'")).isZero();
    }

    private AgentDay day(int calls, int toolExecutions) {
        AgentDay day = null;
        for (int i = 0; i < calls; i++) {
            CallEvent call = CallEvent.newBuilder(data.call("CA-D" + i, CallStatus.completed).event).setAgentId(AGENT)
                    .setMetadata(i == 0 ? Map.of("escalated", "true") : Map.of()).build();
            AgentDay one = AgentDay.ofCall(call, new RawRecord("aybiza.calls.v1", 0, offset++, 0, null, new byte[0]));
            if (day == null) {
                day = one;
            } else {
                day.add(one);
            }
        }
        for (int i = 0; i < toolExecutions; i++) {
            var tool = data.tool("CA-D0", "exec-" + i, i == 0 ? ToolExecutionPhase.failed
                    : ToolExecutionPhase.completed).event;
            tool.setAgentId(AGENT);
            day.add(AgentDay.ofTool(tool, new RawRecord("aybiza.tool-executions.v1", 0, offset++, 0, null,
                    new byte[0])));
        }
        return day;
    }

    private String dayRow() throws Exception {
        return CallTestData.row(database, "quality.agent_performance_metrics", "agent_id = '" + AGENT + "'");
    }

    @Test
    void anAgentsDayOnlyMovesForward() throws Exception {
        assertThat(days.commit(List.of(day(2, 2)))).isEmpty();
        String two = dayRow();
        assertThat(CallTestData.strings(database, "SELECT concat_ws(' ', metric_date, \"timestamp\" = "
                + "metric_date::timestamp AT TIME ZONE 'UTC', total_calls, successful_calls, average_call_duration, "
                + "average_response_time_ms IS NOT NULL, customer_satisfaction_avg, error_rate, escalation_rate, "
                + "tool_usage_stats->'lookup_order'->>'executions', tool_usage_stats->'lookup_order'->>'failed', "
                + "first_call_resolution_rate IS NULL) FROM quality.agent_performance_metrics"))
                .containsExactly(DAY_OF_END + " t 2 2 190.00 t 0.38 0.00 50.00 2 1 t");

        assertThat(days.commit(List.of(day(1, 0)))).isEmpty();
        assertThat(dayRow()).as("a partial day (a restart without state) changes nothing").isEqualTo(two);
        assertThat(days.commit(List.of(day(2, 2)))).isEmpty();
        assertThat(dayRow()).as("the same day again (a replay) changes nothing").isEqualTo(two);

        assertThat(days.commit(List.of(day(2, 3), day(3, 2)))).isEmpty();
        assertThat(CallTestData.strings(database, "SELECT total_calls FROM quality.agent_performance_metrics"))
                .as("a late call updates the day's one row; of two in a batch, the one that saw more")
                .containsExactly("3");
    }

}
