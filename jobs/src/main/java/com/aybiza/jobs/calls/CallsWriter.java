package com.aybiza.jobs.calls;

import com.aybiza.events.CallEvent;
import com.aybiza.jobs.ingest.SourcedEvent;
import com.aybiza.sinks.postgres.RowRefusal;
import com.aybiza.sinks.postgres.TableWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upserts call events into {@code call_analytics.calls}, one row per call_sid, moving only forward: whatever order a
 * call's events come in, and however often, the row ends as its winning event ({@link LifecycleOrder#CALL}) made it,
 * with what earlier winners knew and it does not kept ({@link CallRow}). A late or replayed event that does not beat
 * the stored status changes nothing, not even updated_at.
 *
 * <p>Per batch: the events are folded into one row per call ({@code ON CONFLICT DO UPDATE} may touch a row once per
 * statement), COPYed into a temporary stage and upserted with {@code ON CONFLICT (call_sid) DO UPDATE ... WHERE} the
 * staged row beats the stored one. created_at is the call's start_time, so that every column but updated_at is a
 * function of the call's events. A call_sid already stored for another tenant is refused, never overwritten.
 */
public final class CallsWriter<E extends SourcedEvent<CallEvent>> implements TableWriter<E> {

    private static final long serialVersionUID = 1L;

    /** The error class of the dead letter of a call event whose call_sid is stored for another tenant. */
    public static final String CALL_SID_OF_ANOTHER_TENANT = "com.aybiza.jobs.calls.CallSidOfAnotherTenant";

    private static final String STAGE = "calls_stage";
    private static final int STAGE_COLUMNS = 25;

    private static final String COLUMNS = "id, call_sid, direction, status, from_number, to_number, duration_seconds, "
            + "billable_duration_seconds, start_time, answer_time, end_time, recording_url, "
            + "recording_duration_seconds, transcript_id, organization_id, tenant_id, agent_id, agent_version_id, "
            + "phone_number_id, metadata, edge_region, aws_region, cost_usd, quality_score, sentiment_score";

    /**
     * Run twice: for the staged rows that know their cost, which they set, and for those that do not, which keep the
     * stored cost (or get the column's 0). EXCLUDED cannot tell "unknown" from 0 once the insert has filled it in.
     */
    private static final String UPSERT = """
            WITH upserted AS (
                INSERT INTO call_analytics.calls AS c (%1$s, created_at)
                SELECT %2$s, start_time FROM %3$s WHERE cost_usd IS %4$s NULL
                ON CONFLICT (call_sid) DO UPDATE SET
                    status = EXCLUDED.status, direction = EXCLUDED.direction, from_number = EXCLUDED.from_number,
                    to_number = EXCLUDED.to_number, duration_seconds = EXCLUDED.duration_seconds,
                    billable_duration_seconds = EXCLUDED.billable_duration_seconds, start_time = EXCLUDED.start_time,
                    answer_time = COALESCE(EXCLUDED.answer_time, c.answer_time),
                    end_time = COALESCE(EXCLUDED.end_time, c.end_time),
                    recording_url = COALESCE(EXCLUDED.recording_url, c.recording_url),
                    recording_duration_seconds = COALESCE(EXCLUDED.recording_duration_seconds,
                                                          c.recording_duration_seconds),
                    transcript_id = COALESCE(EXCLUDED.transcript_id, c.transcript_id),
                    organization_id = EXCLUDED.organization_id,
                    agent_id = COALESCE(EXCLUDED.agent_id, c.agent_id),
                    agent_version_id = COALESCE(EXCLUDED.agent_version_id, c.agent_version_id),
                    phone_number_id = COALESCE(EXCLUDED.phone_number_id, c.phone_number_id),
                    metadata = COALESCE(c.metadata, '{}') || EXCLUDED.metadata,
                    edge_region = COALESCE(EXCLUDED.edge_region, c.edge_region),
                    aws_region = COALESCE(EXCLUDED.aws_region, c.aws_region),
                    cost_usd = %5$s,
                    quality_score = COALESCE(EXCLUDED.quality_score, c.quality_score),
                    sentiment_score = COALESCE(EXCLUDED.sentiment_score, c.sentiment_score),
                    updated_at = now()
                WHERE c.tenant_id = EXCLUDED.tenant_id AND %6$s
                RETURNING 1)
            SELECT count(*) FROM upserted
            """;

    private static final String STAGED = COLUMNS.replace("cost_usd", "COALESCE(cost_usd, 0)");
    private static final String KNOWN_COST = UPSERT.formatted(COLUMNS, STAGED, STAGE, "NOT", "EXCLUDED.cost_usd",
            LifecycleOrder.CALL.sqlBeats("EXCLUDED", "c"));
    private static final String UNKNOWN_COST = UPSERT.formatted(COLUMNS, STAGED, STAGE, "", "c.cost_usd",
            LifecycleOrder.CALL.sqlBeats("EXCLUDED", "c"));

    private static final String TAKEN_BY_ANOTHER_TENANT = "SELECT s.call_sid, c.tenant_id FROM " + STAGE + " s "
            + "JOIN call_analytics.calls c ON c.call_sid = s.call_sid WHERE c.tenant_id <> s.tenant_id";

    @Override
    public void prepare(Connection connection) throws SQLException {
        Staging.execute(connection, "CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (id uuid, call_sid text, "
                + "direction text, status text, from_number text, to_number text, duration_seconds int, "
                + "billable_duration_seconds int, start_time timestamptz, answer_time timestamptz, "
                + "end_time timestamptz, recording_url text, recording_duration_seconds int, transcript_id text, "
                + "organization_id uuid, tenant_id uuid, agent_id uuid, agent_version_id uuid, phone_number_id uuid, "
                + "metadata jsonb, edge_region text, aws_region text, cost_usd numeric, quality_score numeric, "
                + "sentiment_score numeric)");
    }

    @Override
    public void write(Connection connection, List<E> rows, Refusals<E> refusals) throws SQLException {
        Map<String, CallRow> calls = new LinkedHashMap<>();
        Map<String, List<E>> eventsOfCall = new LinkedHashMap<>();
        for (E row : rows) {
            CallEvent event = row.event;
            CallRow call = calls.get(event.getCallSid());
            if (call == null) {
                calls.put(event.getCallSid(), CallRow.of(event));
            } else if (!call.tenantId.equals(event.getTenantId())) {
                refusals.refuse(row, takenByAnotherTenant(event, call.tenantId.toString()));
                continue;
            } else {
                call.advance(event);
            }
            eventsOfCall.computeIfAbsent(event.getCallSid(), sid -> new ArrayList<>()).add(row);
        }
        stage(connection, calls.values());
        long written = Staging.count(connection, KNOWN_COST) + Staging.count(connection, UNKNOWN_COST);
        // Only a call that neither was inserted nor advanced can belong to another tenant: look only then.
        if (written < calls.size()) {
            refuseCallsOfOtherTenants(connection, eventsOfCall, refusals);
        }
    }

    @Override
    public long eventTimeMillis(E row) {
        return row.event.getEventTime().toEpochMilli();
    }

    private static void stage(Connection connection, Collection<CallRow> calls) throws SQLException {
        Staging.restage(connection, STAGE, STAGE_COLUMNS, copy -> {
            for (CallRow c : calls) {
                copy.startRow().uuid(c.id()).text(c.callSid).text(c.direction).text(c.status).text(c.fromNumber)
                        .text(c.toNumber).int4(c.durationSeconds).int4(c.billableDurationSeconds)
                        .timestamp(c.startTime).timestamp(c.answerTime).timestamp(c.endTime).text(c.recordingUrl);
                Staging.integer(copy, c.recordingDurationSeconds);
                copy.text(c.transcriptId).uuid(c.organizationId).uuid(c.tenantId).uuid(c.agentId)
                        .uuid(c.agentVersionId).uuid(c.phoneNumberId).jsonb(Staging.json(c.metadata))
                        .text(c.edgeRegion).text(c.awsRegion).decimal(c.costUsd).decimal(c.qualityScore)
                        .decimal(c.sentimentScore);
            }
        });
    }

    private void refuseCallsOfOtherTenants(Connection connection, Map<String, List<E>> eventsOfCall,
                                           Refusals<E> refusals) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TAKEN_BY_ANOTHER_TENANT)) {
            while (rs.next()) {
                String owner = rs.getString(2);
                for (E row : eventsOfCall.get(rs.getString(1))) {
                    refusals.refuse(row, takenByAnotherTenant(row.event, owner));
                }
            }
        }
    }

    private static RowRefusal takenByAnotherTenant(CallEvent event, String owner) {
        return RowRefusal.byWriter(CALL_SID_OF_ANOTHER_TENANT, "call_sid " + event.getCallSid()
                + " of tenant " + event.getTenantId() + " is already the call of tenant " + owner
                + "; call SIDs are unique platform-wide, so the stored call stands");
    }
}
