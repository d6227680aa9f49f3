package com.aybiza.jobs.quality;

import com.aybiza.jobs.calls.Staging;
import com.aybiza.sinks.postgres.CopyText;
import com.aybiza.sinks.postgres.TableWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Upserts one {@code quality.agent_performance_metrics} row per agent and day from the day's sums ({@link AgentDay}),
 * on the table's unique key (agent_id, metric_date, "timestamp" = the day's midnight UTC, tenant_id).
 *
 * <p>The row only moves forward: it is replaced only by a day that has seen more (more calls and tool executions,
 * {@link AgentDay#activity}). A day's sums only grow as its contributions come, so a late call updates the row, while
 * an emission that has seen less (a job restarted without state from a later offset, which sums part of a day) or the
 * same (a replay) changes nothing.
 *
 * <p>Columns: average_call_duration in seconds; average_response_time_ms the mean wait per turn (STT + LLM first token
 * + TTS first audio); customer_satisfaction_avg the mean of (sentiment + 1) / 2, 0 to 1; error_rate and
 * escalation_rate the percentage of the day's calls that failed or were escalated (call metadata
 * {@code escalated=true}); tool_usage_stats per tool name its executions, failures and mean duration. Nothing in the
 * event streams says whether a call resolved the caller's matter or broke a compliance rule, so
 * first_call_resolution_rate stays null and compliance_violations at its default.
 */
public final class AgentPerformanceWriter implements TableWriter<AgentDay> {

    private static final long serialVersionUID = 1L;

    private static final String STAGE = "agent_performance_stage";

    private static final String COLUMNS = "id, \"timestamp\", agent_id, tenant_id, metric_date, total_calls, "
            + "successful_calls, average_call_duration, average_response_time_ms, customer_satisfaction_avg, "
            + "tool_usage_stats, error_rate, escalation_rate";

    private static final String EXECUTIONS = "(SELECT coalesce(sum((v->>'executions')::bigint), 0) "
            + "FROM jsonb_each(%s) AS t(k, v))";

    private static final String UPSERT = "INSERT INTO quality.agent_performance_metrics AS m (" + COLUMNS + ") "
            + "SELECT " + COLUMNS + " FROM " + STAGE + " "
            + "ON CONFLICT (agent_id, metric_date, \"timestamp\", tenant_id) DO UPDATE SET "
            + "total_calls = EXCLUDED.total_calls, successful_calls = EXCLUDED.successful_calls, "
            + "average_call_duration = EXCLUDED.average_call_duration, "
            + "average_response_time_ms = EXCLUDED.average_response_time_ms, "
            + "customer_satisfaction_avg = EXCLUDED.customer_satisfaction_avg, "
            + "tool_usage_stats = EXCLUDED.tool_usage_stats, error_rate = EXCLUDED.error_rate, "
            + "escalation_rate = EXCLUDED.escalation_rate "
            + "WHERE EXCLUDED.total_calls + " + EXECUTIONS.formatted("EXCLUDED.tool_usage_stats")
            + " > coalesce(m.total_calls, 0) + " + EXECUTIONS.formatted("m.tool_usage_stats");

    /** The row's id: one per agent and day, so that the key and the id agree on every write. */
    public static UUID rowId(AgentDay day) {
        return UUID.nameUUIDFromBytes(("agent_performance_metrics|" + day.tenantId + "|" + day.agentId + "|"
                + day.day()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void prepare(Connection connection) throws SQLException {
        Staging.execute(connection, "CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (id uuid, \"timestamp\" "
                + "timestamptz, agent_id uuid, tenant_id uuid, metric_date date, total_calls int, "
                + "successful_calls int, average_call_duration numeric, average_response_time_ms numeric, "
                + "customer_satisfaction_avg numeric, tool_usage_stats jsonb, error_rate numeric, "
                + "escalation_rate numeric)");
    }

    @Override
    public void write(Connection connection, List<AgentDay> rows, Refusals<AgentDay> refusals) throws SQLException {
        // One row per day and statement (an upsert may touch a row once): the day that has seen most.
        Map<String, AgentDay> latest = new LinkedHashMap<>();
        for (AgentDay day : rows) {
            latest.merge(day.key(), day, (a, b) -> b.activity() >= a.activity() ? b : a);
        }
        Staging.execute(connection, "TRUNCATE " + STAGE);
        CopyText copy = new CopyText(latest.size());
        for (AgentDay d : latest.values()) {
            copy.uuid(rowId(d));
            Staging.time(copy, d.day().atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
            copy.uuid(UUID.fromString(d.agentId)).uuid(UUID.fromString(d.tenantId)).text(d.day().toString())
                    .number(d.calls).number(d.successfulCalls)
                    .decimal(ratio(d.durationSecondsSum, d.calls, 1))
                    .decimal(ratio(d.responseWaitMsSum, d.responseTurns, 1))
                    .decimal(d.sentimentCalls == 0 ? null
                            : ratio(d.sentimentHundredthsSum + 100 * d.sentimentCalls, 200 * d.sentimentCalls, 1))
                    .text(Staging.json(toolUsage(d)))
                    .decimal(ratio(d.failedCalls, d.calls, 100))
                    .decimal(ratio(d.escalatedCalls, d.calls, 100));
            copy.endRow();
        }
        copy.copyInto(connection, "COPY " + STAGE + " FROM STDIN");
        Staging.execute(connection, UPSERT);
    }

    @Override
    public long eventTimeMillis(AgentDay row) {
        return row.latestEventTimeMillis;
    }

    /** Per tool, in name order so that the same day always gives the same JSON. */
    private static Map<String, Map<String, Object>> toolUsage(AgentDay day) {
        Map<String, Map<String, Object>> usage = new TreeMap<>();
        day.tools.forEach((name, t) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("executions", t.executions);
            figures.put("failed", t.failed);
            figures.put("avg_duration_ms", ratio(t.durationMsSum, t.timedExecutions, 1));
            usage.put(name, figures);
        });
        return usage;
    }

    /** {@code scale * sum / count} to two decimals; null for no count (a mean of nothing is no 0). */
    private static BigDecimal ratio(long sum, long count, int scale) {
        if (count == 0) {
            return null;
        }
        return BigDecimal.valueOf(sum).multiply(BigDecimal.valueOf(scale))
                .divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
    }
}
