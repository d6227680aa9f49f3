package com.aybiza.jobs.ingest.rules;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.CallTurn;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;

/** Call events: the column sizes, ranges and time order of call_analytics.calls, and an end for every ended call. */
final class CallEventRules implements EventRules<CallEvent> {

    private static final long serialVersionUID = 1L;
    private static final Set<CallStatus> ENDED =
            EnumSet.of(CallStatus.completed, CallStatus.busy, CallStatus.failed, CallStatus.no_answer, CallStatus.cancelled);

    @Override
    public void check(CallEvent call, Violations v) {
        v.notBlank("call_sid", call.getCallSid());
        v.maxLength("call_sid", call.getCallSid(), 255);
        v.notBlank("from_number", call.getFromNumber());
        v.maxLength("from_number", call.getFromNumber(), 20);
        v.notBlank("to_number", call.getToNumber());
        v.maxLength("to_number", call.getToNumber(), 20);
        v.maxLength("recording_url", call.getRecordingUrl(), 500);
        v.maxLength("transcript_id", call.getTranscriptId(), 255);
        v.maxLength("edge_region", call.getEdgeRegion(), 50);
        v.maxLength("aws_region", call.getAwsRegion(), 50);
        v.maxLength("model_used", call.getModelUsed(), 100);
        v.maxLength("voice_model_used", call.getVoiceModelUsed(), 100);
        v.notNegative("duration_seconds", call.getDurationSeconds());
        v.notNegative("billable_duration_seconds", call.getBillableDurationSeconds());
        v.notNegative("recording_duration_seconds", call.getRecordingDurationSeconds());
        v.notNegative("cost_usd", call.getCostUsd());
        v.notNegative("tokens_used", call.getTokensUsed());
        v.fitsDecimal("cost_usd", call.getCostUsd(), 10, 6);
        v.between("quality_score", call.getQualityScore(), BigDecimal.ZERO, BigDecimal.ONE);
        v.between("sentiment_score", call.getSentimentScore(), BigDecimal.ONE.negate(), BigDecimal.ONE);
        v.notBefore("answer_time", call.getAnswerTime(), "start_time", call.getStartTime());
        v.notBefore("end_time", call.getEndTime(), "start_time", call.getStartTime());
        v.notBefore("end_time", call.getEndTime(), "answer_time", call.getAnswerTime());
        if (ENDED.contains(call.getStatus())) {
            v.require(call.getEndTime() != null, () -> "a " + call.getStatus() + " call has no end_time");
        }
        for (CallTurn turn : call.getTurns()) {
            String at = "turns[" + turn.getTurnIndex() + "].";
            v.notNegative(at + "stt_latency_ms", turn.getSttLatencyMs());
            v.notNegative(at + "llm_first_token_ms", turn.getLlmFirstTokenMs());
            v.notNegative(at + "llm_total_latency_ms", turn.getLlmTotalLatencyMs());
            v.notNegative(at + "tts_first_audio_ms", turn.getTtsFirstAudioMs());
            v.notNegative(at + "tts_total_latency_ms", turn.getTtsTotalLatencyMs());
            v.notNegative(at + "tokens", turn.getTokens());
        }
    }
}
