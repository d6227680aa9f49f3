package com.aybiza.jobs.calls;

import com.aybiza.events.CallEvent;
import com.aybiza.sinks.postgres.CopyText;
import com.aybiza.sinks.postgres.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Inserts the figures of each finished call ({@link CallFigures}) into {@code call_analytics.detailed_metrics}, once:
 * each row's id is derived from tenant, call, metric and turn ({@link CallIds#metricId}) and its "timestamp" is the
 * call's end_time, so the key (id, "timestamp", tenant_id) of V32 makes {@code ON CONFLICT DO NOTHING} skip a figure
 * written before. A batch none of whose figures is stored yet (the normal case) is COPYed straight into the table;
 * one with a figure stored before goes through a stage and that insert ({@link CopyText#copyNew}). The figures of one call are written or refused together: the sink isolates refused rows per call.
 */
public final class DetailedMetricsWriter implements TableWriter<FinishedCall> {

    private static final long serialVersionUID = 1L;

    private static final String STAGE = "detailed_metrics_stage";

    private static final String COLUMNS = "id, \"timestamp\", call_sid, organization_id, tenant_id, agent_id, "
            + "agent_version_id, phone_number_id, metric_type, metric_name, metric_value, metric_unit, metadata, "
            + "edge_region, aws_region";

    private static final String COPY_NEW = "COPY call_analytics.detailed_metrics (" + COLUMNS + ") FROM STDIN";

    private static final String INSERT = "INSERT INTO call_analytics.detailed_metrics (" + COLUMNS + ") SELECT "
            + COLUMNS + " FROM " + STAGE + " ON CONFLICT DO NOTHING";

    @Override
    public void prepare(Connection connection) throws SQLException {
        Staging.execute(connection, "CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (id bigint, "
                + "\"timestamp\" timestamptz, call_sid text, organization_id uuid, tenant_id uuid, agent_id uuid, "
                + "agent_version_id uuid, phone_number_id uuid, metric_type text, metric_name text, "
                + "metric_value float8, metric_unit text, metadata jsonb, edge_region text, aws_region text)");
    }

    @Override
    public void write(Connection connection, List<FinishedCall> rows, Refusals<FinishedCall> refusals)
            throws SQLException {
        CopyText copy = new CopyText(rows.size() * 8);
        for (FinishedCall finished : rows) {
            CallEvent c = finished.event;
            for (CallFigures.Figure f : CallFigures.of(finished)) {
                copy.number(CallIds.metricId(c.getTenantId(), c.getCallSid(), f.name(), f.turnIndex()));
                Staging.time(copy, c.getEndTime());
                copy.text(c.getCallSid()).uuid(c.getOrganizationId()).uuid(c.getTenantId()).uuid(c.getAgentId())
                        .uuid(c.getAgentVersionId()).uuid(c.getPhoneNumberId()).text(f.type()).text(f.name())
                        .text(Double.toString(f.value())).text(f.unit()).text(f.metadata()).text(c.getEdgeRegion())
                        .text(c.getAwsRegion())
                        .endRow();
            }
        }
        if (copy.rows() > 0 && !copy.copyNew(connection, COPY_NEW)) {
            Staging.execute(connection, "TRUNCATE " + STAGE);
            copy.copyInto(connection, "COPY " + STAGE + " FROM STDIN");
            Staging.execute(connection, INSERT);
        }
    }

    @Override
    public long eventTimeMillis(FinishedCall row) {
        return row.event.getEventTime().toEpochMilli();
    }
}
