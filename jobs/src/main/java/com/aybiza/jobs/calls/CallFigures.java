package com.aybiza.jobs.calls;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.CallTurn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The figures of a finished call that go into {@code call_analytics.detailed_metrics}, one row each: per turn its
 * latencies (STT, LLM first token and total, TTS first audio and total, and the total the caller waits), and for the
 * call its tokens, cost, quality and sentiment scores and errors (failed tool calls; the call itself failing). A figure
 * the call did not report has no row. All are stamped with the call's end_time, when they became final.
 */
final class CallFigures {

    private static final Map<String, Function<CallTurn, Integer>> TURN_LATENCIES = turnLatencies();

    private CallFigures() {
    }

    /** One figure; {@code turnIndex} is -1 for a figure of the whole call. */
    record Figure(String type, String name, double value, String unit, int turnIndex, String metadata) {
    }

    static List<Figure> of(FinishedCall finished) {
        CallEvent call = finished.event;
        List<Figure> figures = new ArrayList<>();
        for (CallTurn turn : call.getTurns()) {
            String metadata = turnMetadata(turn);
            TURN_LATENCIES.forEach((name, latency) -> {
                Integer ms = latency.apply(turn);
                if (ms != null) {
                    figures.add(new Figure("latency", name, ms, "ms", turn.getTurnIndex(), metadata));
                }
            });
        }
        String status = CallRow.status(call);
        String metadata = Staging.json(Map.of("call_status", status));
        if (call.getTokensUsed() != null) {
            figures.add(new Figure("usage", "tokens_used", call.getTokensUsed(), "tokens", -1, metadata));
        }
        if (call.getCostUsd() != null) {
            figures.add(new Figure("cost", "cost_usd", call.getCostUsd().doubleValue(), "usd", -1, metadata));
        }
        if (call.getQualityScore() != null) {
            figures.add(new Figure("quality", "quality_score", call.getQualityScore().doubleValue(), "score", -1,
                    metadata));
        }
        if (call.getSentimentScore() != null) {
            figures.add(new Figure("quality", "sentiment_score", call.getSentimentScore().doubleValue(), "score", -1,
                    metadata));
        }
        if (finished.toolCalls > 0) {
            figures.add(new Figure("error", "failed_tool_calls", finished.failedToolCalls, "count", -1, metadata));
        }
        if (call.getStatus() == CallStatus.failed) {
            figures.add(new Figure("error", "call_failed", 1, "count", -1, metadata));
        }
        return figures;
    }

    /**
     * {@code {"interrupted": ..., "turn_index": ...}}, written out: an int and a boolean need no escaping, and a call
     * has a few dozen turns, each worth an object mapper's call otherwise.
     */
    static String turnMetadata(CallTurn turn) {
        return "{\"interrupted\":" + turn.getInterrupted() + ",\"turn_index\":" + turn.getTurnIndex() + "}";
    }

    private static Map<String, Function<CallTurn, Integer>> turnLatencies() {
        Map<String, Function<CallTurn, Integer>> latencies = new LinkedHashMap<>();
        latencies.put("stt_latency_ms", CallTurn::getSttLatencyMs);
        latencies.put("llm_first_token_ms", CallTurn::getLlmFirstTokenMs);
        latencies.put("llm_total_latency_ms", CallTurn::getLlmTotalLatencyMs);
        latencies.put("tts_first_audio_ms", CallTurn::getTtsFirstAudioMs);
        latencies.put("tts_total_latency_ms", CallTurn::getTtsTotalLatencyMs);
        latencies.put("total_latency_ms", TurnSummary::totalLatency);
        return latencies;
    }
}
