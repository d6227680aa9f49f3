package com.aybiza.jobs.calls;

import com.aybiza.events.CallTurn;
import java.util.List;
import java.util.function.Function;

/**
 * A call's turns summed up for {@code call_analytics.call_analytics}: the mean of each latency over the turns that
 * measured it (null when none did: a mean of nothing is no 0 ms), how many turns and interruptions. The total latency
 * of a turn is what the caller waits from the end of their speech to the agent's first audio: STT, then the LLM's
 * first token, then the first synthesized audio ({@link #totalLatency}).
 */
public record TurnSummary(Integer sttLatencyMs, Integer llmFirstTokenMs, Integer llmTotalLatencyMs, Integer ttsFirstAudioMs,
                   Integer ttsTotalLatencyMs, Integer totalLatencyMs, int turns, int interruptions) {

    public static TurnSummary of(List<CallTurn> turns) {
        return new TurnSummary(mean(turns, CallTurn::getSttLatencyMs), mean(turns, CallTurn::getLlmFirstTokenMs),
                mean(turns, CallTurn::getLlmTotalLatencyMs), mean(turns, CallTurn::getTtsFirstAudioMs),
                mean(turns, CallTurn::getTtsTotalLatencyMs), mean(turns, TurnSummary::totalLatency), turns.size(),
                (int) turns.stream().filter(CallTurn::getInterrupted).count());
    }

    /** End of the caller's speech to the agent's first audio; null unless all three stages were measured. */
    public static Integer totalLatency(CallTurn turn) {
        if (turn.getSttLatencyMs() == null || turn.getLlmFirstTokenMs() == null || turn.getTtsFirstAudioMs() == null) {
            return null;
        }
        return turn.getSttLatencyMs() + turn.getLlmFirstTokenMs() + turn.getTtsFirstAudioMs();
    }

    private static Integer mean(List<CallTurn> turns, Function<CallTurn, Integer> latency) {
        long sum = 0;
        int measured = 0;
        for (CallTurn turn : turns) {
            Integer ms = latency.apply(turn);
            if (ms != null) {
                sum += ms;
                measured++;
            }
        }
        return measured == 0 ? null : (int) Math.round((double) sum / measured);
    }
}
