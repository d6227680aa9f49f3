package com.aybiza.jobs.quality;

import com.aybiza.events.CallEvent;
import com.aybiza.jobs.calls.CallIds;
import com.aybiza.jobs.calls.CallsWriter;
import com.aybiza.jobs.calls.FinishedCall;
import com.aybiza.jobs.calls.Staging;
import com.aybiza.sinks.postgres.TableWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Inserts one {@code quality.call_quality_scores} row per scored call ({@link #scores}), once: its id is derived from
 * the call's ({@link #scoreId}), so {@code ON CONFLICT DO NOTHING} makes a replay insert nothing, and scored_at is the
 * call's end_time, so that every column is a function of the call's events.
 *
 * <p>The row references {@code calls(id)}, which the calls sink writes in a transaction of its own that may not have
 * committed yet. So the same transaction first upserts the call from its final event with {@link CallsWriter}, by the
 * same forward-only rule: whichever sink comes first writes the row, the other changes nothing. A call refused there
 * (its call_sid stored for another tenant) is refused here too and gets no score.
 */
public final class CallQualityScoresWriter implements TableWriter<FinishedCall> {

    private static final long serialVersionUID = 1L;

    private static final String STAGE = "call_quality_scores_stage";
    private static final int STAGE_COLUMNS = 15;

    private static final String COLUMNS = "id, call_id, tenant_id, agent_id, overall_score, audio_quality_score, "
            + "agent_performance_score, customer_satisfaction_score, compliance_score, scoring_method, "
            + "scoring_model_version, issues_detected, highlights, recommendations, scored_at";

    private static final String INSERT = "INSERT INTO quality.call_quality_scores (" + COLUMNS + ") SELECT " + COLUMNS
            + " FROM " + STAGE + " ON CONFLICT (id) DO NOTHING";

    private final CallsWriter<FinishedCall> calls = new CallsWriter<>();

    /** Whether a finished call gets a score: it was answered (there was a conversation) and has an agent to score. */
    public static boolean scores(FinishedCall finished) {
        return finished.event.getAnswerTime() != null && finished.event.getAgentId() != null;
    }

    /** The score's id: one per call and model line, so that a replay finds the row it wrote. */
    public static UUID scoreId(UUID callId) {
        return UUID.nameUUIDFromBytes(("call_quality_scores|" + callId).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void prepare(Connection connection) throws SQLException {
        calls.prepare(connection);
        Staging.execute(connection, "CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (id uuid, call_id uuid, "
                + "tenant_id uuid, agent_id uuid, overall_score numeric, audio_quality_score numeric, "
                + "agent_performance_score numeric, customer_satisfaction_score numeric, compliance_score numeric, "
                + "scoring_method text, scoring_model_version text, issues_detected jsonb, highlights jsonb, "
                + "recommendations jsonb, scored_at timestamptz)");
    }

    @Override
    public void write(Connection connection, List<FinishedCall> rows, Refusals<FinishedCall> refusals)
            throws SQLException {
        Set<FinishedCall> refused = Collections.newSetFromMap(new IdentityHashMap<>());
        calls.write(connection, rows, (row, refusal) -> {
            refused.add(row);
            refusals.refuse(row, refusal);
        });
        List<FinishedCall> scored = new ArrayList<>(rows.size());
        for (FinishedCall row : rows) {
            if (!refused.contains(row)) {
                scored.add(row);
            }
        }
        Staging.restage(connection, STAGE, STAGE_COLUMNS, copy -> {
            for (FinishedCall finished : scored) {
                CallEvent c = finished.event;
                UUID callId = CallIds.callId(c.getTenantId(), c.getCallSid());
                CallQualityScore score = CallQualityModel.score(QualityInputs.of(c, finished.toolCalls,
                        finished.failedToolCalls));
                copy.startRow().uuid(scoreId(callId)).uuid(callId).uuid(c.getTenantId()).uuid(c.getAgentId())
                        .decimal(score.overall()).decimal(score.audioQuality()).decimal(score.agentPerformance())
                        .decimal(score.customerSatisfaction()).decimal(score.compliance()).text("ai")
                        .text(score.modelVersion()).jsonb(Staging.json(score.issues()))
                        .jsonb(Staging.json(score.highlights())).jsonb(Staging.json(score.recommendations()))
                        .timestamp(c.getEndTime());
            }
        });
        Staging.execute(connection, INSERT);
    }

    @Override
    public long eventTimeMillis(FinishedCall row) {
        return row.event.getEventTime().toEpochMilli();
    }
}
