package com.aybiza.jobs.quality;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.CallTurn;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What {@link CallQualityModel} scores a call from: its turns so far, its tool calls, the caller's sentiment and the
 * edge's own quality score (each null when not reported), and whether the call failed. A call in progress is scored
 * from the same inputs as a finished one, with the turns it has had.
 */
public record QualityInputs(List<CallTurn> turns, int toolCalls, int failedToolCalls, BigDecimal sentiment,
                            BigDecimal edgeScore, boolean callFailed) {

    public QualityInputs {
        turns = List.copyOf(Objects.requireNonNull(turns, "turns"));
        if (toolCalls < 0 || failedToolCalls < 0 || failedToolCalls > toolCalls) {
            throw new IllegalArgumentException("tool calls " + toolCalls + ", failed " + failedToolCalls);
        }
    }

    /** The inputs of a finished call: the turns and scores its final event carries, the tool outcomes joined to it. */
    public static QualityInputs of(CallEvent call, int toolCalls, int failedToolCalls) {
        return new QualityInputs(call.getTurns(), toolCalls, failedToolCalls, call.getSentimentScore(),
                call.getQualityScore(), call.getStatus() == CallStatus.failed);
    }
}
