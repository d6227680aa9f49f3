package com.aybiza.jobs.ingest.rules;

import com.aybiza.events.CallTurnEvent;
import java.math.BigDecimal;

/** Turns of live calls: the sizes and ranges live call state relies on, as the completed call's turns have them. */
final class CallTurnEventRules implements EventRules<CallTurnEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void check(CallTurnEvent turn, Violations v) {
        v.notBlank("call_sid", turn.getCallSid());
        v.maxLength("call_sid", turn.getCallSid(), 255);
        v.maxLength("model_used", turn.getModelUsed(), 100);
        v.notNegative("turn_index", turn.getTurnIndex());
        v.notNegative("stt_latency_ms", turn.getSttLatencyMs());
        v.notNegative("llm_first_token_ms", turn.getLlmFirstTokenMs());
        v.notNegative("llm_total_latency_ms", turn.getLlmTotalLatencyMs());
        v.notNegative("tts_first_audio_ms", turn.getTtsFirstAudioMs());
        v.notNegative("tts_total_latency_ms", turn.getTtsTotalLatencyMs());
        v.notNegative("tool_latency_ms", turn.getToolLatencyMs());
        v.notNegative("tokens", turn.getTokens());
        v.notNegative("cost_usd", turn.getCostUsd());
        v.fitsDecimal("cost_usd", turn.getCostUsd(), 10, 6);
        v.between("sentiment_score", turn.getSentimentScore(), BigDecimal.ONE.negate(), BigDecimal.ONE);
    }
}
