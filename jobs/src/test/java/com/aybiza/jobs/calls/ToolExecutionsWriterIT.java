package com.aybiza.jobs.calls;

import static com.aybiza.jobs.calls.CallTestData.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.SampleEvents;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionPhase;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.sinks.postgres.PostgresSinkOptions;
import com.aybiza.sinks.postgres.internal.BatchCommitter;
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
 * The tool-executions upsert against the migrated schema (a table partitioned by "timestamp") on a real PostgreSQL:
 * one row per execution, at its started_at, that only moves forward, whatever order or batching its events come in,
 * and that a replay leaves as it was.
 */
class ToolExecutionsWriterIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final String SID = "CA-tools";
    private static DatabaseSettings database;
    private BatchCommitter<EnrichedEvent<ToolExecutionEvent>> committer;
    private CallTestData data;

    @BeforeAll
    static void migrate() throws Exception {
        database = CallTestData.migrated(POSTGRES.settings(POSTGRES.newDatabase()));
    }

    @BeforeEach
    void freshTable() throws Exception {
        truncate();
        committer = new BatchCommitter<>(database::open, new ToolExecutionsWriter<>(), PostgresSinkOptions.defaults(),
                "tool executions");
        data = CallTestData.create();
    }

    @Test
    void startedThenCompletedAndCompletedThenStartedGiveTheSameRow() throws Exception {
        var started = data.tool(SID, "x1", ToolExecutionPhase.started);
        var completed = data.tool(SID, "x1", ToolExecutionPhase.completed);
        assertThat(committer.commit(List.of(started))).isEmpty();
        assertThat(row()).contains("\"status\": \"running\"", "\"cost_usd\": 0.000000", "\"completed_at\": null");
        assertThat(committer.commit(List.of(completed))).isEmpty();
        String expected = row();

        truncate();
        committer.commit(List.of(completed));
        committer.commit(List.of(started)); // late: changes nothing
        assertThat(row()).isEqualTo(expected);

        truncate();
        committer.commit(List.of(completed, started));
        assertThat(row()).as("both in one batch, the late one last").isEqualTo(expected);
        truncate();
        committer.commit(List.of(started, completed));
        assertThat(row()).as("both in one batch, in order").isEqualTo(expected);

        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, \"timestamp\" = started_at, status, output_data->>'order', "
                     + "cost_usd, duration_ms, call_sid FROM agent_intelligence.tool_executions")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, UUID.class)).isEqualTo(CallIds.toolExecutionId(TENANT, SampleEvents.id("x1")));
            assertThat(rs.getBoolean(2)).as("the row's time is the execution's start").isTrue();
            assertThat(rs.getString(3)).isEqualTo("completed");
            assertThat(rs.getString(4)).isEqualTo("shipped");
            assertThat(rs.getBigDecimal(5)).isEqualByComparingTo("0.000150");
            assertThat(rs.getInt(6)).isEqualTo(1200);
            assertThat(rs.getString(7)).isEqualTo(SID);
        }
    }

    @Test
    void aReplayChangesNothing() throws Exception {
        List<EnrichedEvent<ToolExecutionEvent>> events = List.of(data.tool(SID, "x1", ToolExecutionPhase.started),
                data.tool(SID, "x1", ToolExecutionPhase.completed), data.tool(SID, "x2", ToolExecutionPhase.started),
                data.tool(SID, "x2", ToolExecutionPhase.failed), data.tool(SID, "x3", ToolExecutionPhase.started));
        assertThat(committer.commit(events)).isEmpty();
        List<String> before = rows();

        for (EnrichedEvent<ToolExecutionEvent> e : events) {
            assertThat(committer.commit(List.of(e))).isEmpty();
        }
        assertThat(committer.commit(events)).isEmpty();

        assertThat(rows()).isEqualTo(before).hasSize(3);
        assertThat(CallTestData.strings(database, "SELECT status FROM agent_intelligence.tool_executions "
                + "ORDER BY status")).containsExactly("completed", "failed", "running");
    }

    private static String row() throws Exception {
        return CallTestData.row(database, "agent_intelligence.tool_executions", "true");
    }

    private static List<String> rows() throws Exception {
        return CallTestData.strings(database, "SELECT to_jsonb(t)::text FROM agent_intelligence.tool_executions t "
                + "ORDER BY id");
    }

    private static void truncate() throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE agent_intelligence.tool_executions");
        }
    }
}
