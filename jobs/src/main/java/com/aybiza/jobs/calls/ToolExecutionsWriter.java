package com.aybiza.jobs.calls;

import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.jobs.ingest.SourcedEvent;
import com.aybiza.sinks.postgres.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upserts tool-execution events into {@code agent_intelligence.tool_executions}, one row per execution: inserted by
 * whichever of its events comes first, and moved only forward ({@link LifecycleOrder#TOOL_EXECUTION}), so a late
 * {@code started} after {@code completed} changes nothing, and a replay changes nothing.
 *
 * <p>The row's key is (id, "timestamp"): id from tenant and execution_id ({@link CallIds#toolExecutionId}), and
 * "timestamp" (the hypertable's or partition's time) the execution's started_at, which every event of the execution
 * carries, so that all of them find the same row in the same partition. As in {@link CallsWriter}, a batch is folded
 * into one row per execution ({@link ToolExecutionRow}), staged with COPY and upserted in two statements, for rows that
 * know their cost and rows that keep the stored one.
 */
public final class ToolExecutionsWriter<E extends SourcedEvent<ToolExecutionEvent>> implements TableWriter<E> {

    private static final long serialVersionUID = 1L;

    private static final String STAGE = "tool_executions_stage";
    private static final int STAGE_COLUMNS = 15;

    private static final String COLUMNS = "id, \"timestamp\", agent_id, tenant_id, call_sid, tool_name, tool_type, "
            + "execution_mode, input_data, output_data, status, started_at, completed_at, duration_ms, error_details, "
            + "cost_usd";

    private static final String UPSERT = """
            INSERT INTO agent_intelligence.tool_executions AS t (%1$s)
            SELECT %2$s FROM %3$s WHERE cost_usd IS %4$s NULL
            ON CONFLICT (id, "timestamp") DO UPDATE SET
                agent_id = EXCLUDED.agent_id, call_sid = COALESCE(EXCLUDED.call_sid, t.call_sid),
                tool_name = EXCLUDED.tool_name, tool_type = EXCLUDED.tool_type,
                execution_mode = COALESCE(EXCLUDED.execution_mode, t.execution_mode), input_data = EXCLUDED.input_data,
                output_data = COALESCE(EXCLUDED.output_data, t.output_data), status = EXCLUDED.status,
                completed_at = COALESCE(EXCLUDED.completed_at, t.completed_at),
                duration_ms = COALESCE(EXCLUDED.duration_ms, t.duration_ms),
                error_details = COALESCE(EXCLUDED.error_details, t.error_details),
                cost_usd = %5$s
            WHERE t.tenant_id = EXCLUDED.tenant_id AND %6$s
            """;

    private static final String STAGED = COLUMNS.replace("\"timestamp\"", "started_at")
            .replace("cost_usd", "COALESCE(cost_usd, 0)");
    private static final String KNOWN_COST = UPSERT.formatted(COLUMNS, STAGED, STAGE, "NOT", "EXCLUDED.cost_usd",
            LifecycleOrder.TOOL_EXECUTION.sqlBeats("EXCLUDED", "t"));
    private static final String UNKNOWN_COST = UPSERT.formatted(COLUMNS, STAGED, STAGE, "", "t.cost_usd",
            LifecycleOrder.TOOL_EXECUTION.sqlBeats("EXCLUDED", "t"));

    @Override
    public void prepare(Connection connection) throws SQLException {
        Staging.execute(connection, "CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (id uuid, agent_id uuid, "
                + "tenant_id uuid, call_sid text, tool_name text, tool_type text, execution_mode text, "
                + "input_data jsonb, output_data jsonb, status text, started_at timestamptz, "
                + "completed_at timestamptz, duration_ms int, error_details jsonb, cost_usd numeric)");
    }

    @Override
    public void write(Connection connection, List<E> rows, Refusals<E> refusals) throws SQLException {
        Map<String, ToolExecutionRow> executions = new LinkedHashMap<>();
        for (E row : rows) {
            ToolExecutionRow execution = executions.get(ToolExecutionRow.key(row.event));
            if (execution == null) {
                executions.put(ToolExecutionRow.key(row.event), ToolExecutionRow.of(row.event));
            } else {
                execution.advance(row.event);
            }
        }
        stage(connection, executions.values());
        Staging.execute(connection, KNOWN_COST);
        Staging.execute(connection, UNKNOWN_COST);
    }

    @Override
    public long eventTimeMillis(E row) {
        return row.event.getEventTime().toEpochMilli();
    }

    private static void stage(Connection connection, Collection<ToolExecutionRow> executions) throws SQLException {
        Staging.restage(connection, STAGE, STAGE_COLUMNS, copy -> {
            for (ToolExecutionRow x : executions) {
                copy.startRow().uuid(x.id()).uuid(x.agentId).uuid(x.tenantId).text(x.callSid).text(x.toolName)
                        .text(x.toolType).text(x.executionMode).jsonb(x.inputData).jsonb(x.outputData).text(x.status)
                        .timestamp(x.startedAt).timestamp(x.completedAt);
                Staging.integer(copy, x.durationMs);
                copy.jsonb(x.errorDetails).decimal(x.costUsd);
            }
        });
    }
}
