package com.aybiza.jobs.calls;

import com.aybiza.events.CallEvent;
import com.aybiza.sinks.postgres.CopyBinary;
import com.aybiza.sinks.postgres.TableWriter;
import com.aybiza.sinks.postgres.UnlessStored;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Inserts the figures of each finished call ({@link CallFigures}) into {@code call_analytics.detailed_metrics}, once:
 * each row's id is derived from tenant, call, metric and turn ({@link CallIds#metricId}) and its "timestamp" is the
 * call's end_time, so the key (id, "timestamp", tenant_id) of V32 makes {@code ON CONFLICT DO NOTHING} skip a figure
 * written before. A batch none of whose figures is stored yet (the normal case) is COPYed straight into the table; one
 * with a figure stored before is COPYed into a stage and inserted from there with that clause ({@link UnlessStored}).
 * The figures of one call are written or refused together: the sink isolates refused rows per call.
 *
 * <p>The COPY is binary: this table takes the most rows of any (a dozen per call), and in the text format their ids,
 * uuids, times and numbers cost the job formatting and the server parsing, the largest part of a batch's time.
 */
public final class DetailedMetricsWriter implements TableWriter<FinishedCall> {

    private static final long serialVersionUID = 1L;

    private static final String STAGE = "detailed_metrics_stage";

    private static final String COLUMNS = "id, \"timestamp\", call_sid, organization_id, tenant_id, agent_id, "
            + "agent_version_id, phone_number_id, metric_type, metric_name, metric_value, metric_unit, metadata, "
            + "edge_region, aws_region";
    private static final int COLUMN_COUNT = 15;

    private static final String COPY_NEW = "COPY call_analytics.detailed_metrics (" + COLUMNS
            + ") FROM STDIN (FORMAT binary)";

    private static final String INSERT = "INSERT INTO call_analytics.detailed_metrics (" + COLUMNS + ") SELECT "
            + COLUMNS + " FROM " + STAGE + " ON CONFLICT DO NOTHING";

    @Override
    public void prepare(Connection connection) throws SQLException {
        // The stage's types are the table's own: a binary COPY takes each value in its column type's binary form.
        Staging.execute(connection, "CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (id bigint, "
                + "\"timestamp\" timestamptz, call_sid varchar(255), organization_id uuid, tenant_id uuid, "
                + "agent_id uuid, agent_version_id uuid, phone_number_id uuid, metric_type varchar(50), "
                + "metric_name varchar(100), metric_value float8, metric_unit varchar(20), metadata jsonb, "
                + "edge_region varchar(50), aws_region varchar(50))");
    }

    @Override
    public void write(Connection connection, List<FinishedCall> rows, Refusals<FinishedCall> refusals)
            throws SQLException {
        if (!UnlessStored.write(connection, () -> {
            try (CopyBinary copy = CopyBinary.start(connection, COPY_NEW, COLUMN_COUNT)) {
                figures(copy, rows);
                copy.finish();
            }
        })) {
            Staging.restage(connection, STAGE, COLUMN_COUNT, copy -> figures(copy, rows));
            Staging.execute(connection, INSERT);
        }
    }

    /** A row per figure of each finished call, in the table's (and the stage's) column order. */
    private static void figures(CopyBinary copy, List<FinishedCall> rows) throws SQLException {
        for (FinishedCall finished : rows) {
            CallEvent c = finished.event;
            for (CallFigures.Figure f : CallFigures.of(finished)) {
                copy.startRow().int8(CallIds.metricId(c.getTenantId(), c.getCallSid(), f.name(), f.turnIndex()))
                        .timestamp(c.getEndTime()).text(c.getCallSid()).uuid(c.getOrganizationId())
                        .uuid(c.getTenantId()).uuid(c.getAgentId()).uuid(c.getAgentVersionId())
                        .uuid(c.getPhoneNumberId()).text(f.type()).text(f.name()).float8(f.value())
                        .text(f.unit()).jsonb(f.metadata()).text(c.getEdgeRegion()).text(c.getAwsRegion());
            }
        }
    }

    @Override
    public long eventTimeMillis(FinishedCall row) {
        return row.event.getEventTime().toEpochMilli();
    }
}
