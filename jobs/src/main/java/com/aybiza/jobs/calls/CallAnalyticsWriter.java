package com.aybiza.jobs.calls;

import com.aybiza.events.CallEvent;
import com.aybiza.sinks.postgres.CopyText;
import com.aybiza.sinks.postgres.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Inserts one {@code call_analytics.call_analytics} row per finished call, once: its id is the call's
 * ({@link CallIds#callId}), so {@code ON CONFLICT DO NOTHING} makes a replay insert nothing; a batch of calls none of
 * which is stored yet is COPYed straight into the table instead ({@link CopyText#copyNew}). The row holds the turns'
 * mean latencies and counts ({@link TurnSummary}), the tool outcomes the join counted, and the completing event's
 * tokens, models and cache figures (an unreported count is the column's 0). created_at is the call's end_time, the
 * moment its analytics became final, so that every column is a function of the call's events.
 */
public final class CallAnalyticsWriter implements TableWriter<FinishedCall> {

    private static final long serialVersionUID = 1L;

    private static final String STAGE = "call_analytics_stage";

    private static final String COLUMNS = "id, call_sid, organization_id, tenant_id, agent_id, agent_version_id, "
            + "phone_number_id, stt_latency_ms, llm_first_token_ms, llm_total_latency_ms, tts_first_audio_ms, "
            + "tts_total_latency_ms, total_latency_ms, edge_cache_hits, edge_cache_misses, turns_count, "
            + "interruptions_count, tool_calls_count, successful_tool_calls, failed_tool_calls, tokens_used, "
            + "model_used, voice_model_used, created_at, performance_metrics";

    private static final String COPY_NEW = "COPY call_analytics.call_analytics (" + COLUMNS + ") FROM STDIN";

    private static final String INSERT = "INSERT INTO call_analytics.call_analytics (" + COLUMNS + ") SELECT " + COLUMNS
            + " FROM " + STAGE + " ON CONFLICT DO NOTHING";

    @Override
    public void prepare(Connection connection) throws SQLException {
        Staging.execute(connection, "CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (id uuid, call_sid text, "
                + "organization_id uuid, tenant_id uuid, agent_id uuid, agent_version_id uuid, phone_number_id uuid, "
                + "stt_latency_ms int, llm_first_token_ms int, llm_total_latency_ms int, tts_first_audio_ms int, "
                + "tts_total_latency_ms int, total_latency_ms int, edge_cache_hits int, edge_cache_misses int, "
                + "turns_count int, interruptions_count int, tool_calls_count int, successful_tool_calls int, "
                + "failed_tool_calls int, tokens_used int, model_used text, voice_model_used text, "
                + "created_at timestamptz, performance_metrics jsonb)");
    }

    @Override
    public void write(Connection connection, List<FinishedCall> rows, Refusals<FinishedCall> refusals)
            throws SQLException {
        CopyText copy = new CopyText(rows.size());
        for (FinishedCall finished : rows) {
            CallEvent c = finished.event;
            TurnSummary turns = TurnSummary.of(c.getTurns());
            copy.uuid(CallIds.callId(c.getTenantId(), c.getCallSid())).text(c.getCallSid()).uuid(c.getOrganizationId())
                    .uuid(c.getTenantId()).uuid(c.getAgentId()).uuid(c.getAgentVersionId()).uuid(c.getPhoneNumberId());
            Staging.integer(copy, turns.sttLatencyMs());
            Staging.integer(copy, turns.llmFirstTokenMs());
            Staging.integer(copy, turns.llmTotalLatencyMs());
            Staging.integer(copy, turns.ttsFirstAudioMs());
            Staging.integer(copy, turns.ttsTotalLatencyMs());
            Staging.integer(copy, turns.totalLatencyMs());
            copy.number(orZero(c.getEdgeCacheHits())).number(orZero(c.getEdgeCacheMisses())).number(turns.turns())
                    .number(turns.interruptions()).number(finished.toolCalls).number(finished.successfulToolCalls)
                    .number(finished.failedToolCalls).number(orZero(c.getTokensUsed())).text(c.getModelUsed())
                    .text(c.getVoiceModelUsed());
            Staging.time(copy, c.getEndTime());
            copy.text(Staging.json(Map.of("call_status", CallRow.status(c), "tool_calls_unfinished",
                    Integer.toString(finished.toolCalls - finished.successfulToolCalls - finished.failedToolCalls))));
            copy.endRow();
        }
        if (!copy.copyNew(connection, COPY_NEW)) {
            Staging.execute(connection, "TRUNCATE " + STAGE);
            copy.copyInto(connection, "COPY " + STAGE + " FROM STDIN");
            Staging.execute(connection, INSERT);
        }
    }

    @Override
    public long eventTimeMillis(FinishedCall row) {
        return row.event.getEventTime().toEpochMilli();
    }

    private static int orZero(Integer count) {
        return count == null ? 0 : count;
    }
}
