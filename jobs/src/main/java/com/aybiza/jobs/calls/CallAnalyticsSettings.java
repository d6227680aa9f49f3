package com.aybiza.jobs.calls;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the calls topology waits in event time (the events' event_time; the watermarks come from the sources, see
 * {@link com.aybiza.jobs.ingest.SourceEventTime}).
 *
 * @param toolOutcomeGrace     how long after a call's end_time its tool outcomes are still counted: a call's
 *                             analytics row is written when the watermark passes end_time plus this
 * @param toolOutcomeRetention how long a tool outcome waits for its call to end (the longest call expected); after
 *                             that, or if it came after its call was written, it is dropped and counted
 */
public record CallAnalyticsSettings(Duration toolOutcomeGrace, Duration toolOutcomeRetention) implements Serializable {

    public CallAnalyticsSettings {
        Objects.requireNonNull(toolOutcomeGrace, "toolOutcomeGrace");
        Objects.requireNonNull(toolOutcomeRetention, "toolOutcomeRetention");
        if (toolOutcomeGrace.isNegative()) {
            throw new IllegalArgumentException("the tool-outcome grace must not be negative, got " + toolOutcomeGrace);
        }
        if (toolOutcomeRetention.compareTo(toolOutcomeGrace) <= 0) {
            throw new IllegalArgumentException("a tool outcome must wait for its call (" + toolOutcomeRetention
                    + ") longer than the grace after the call's end (" + toolOutcomeGrace + ")");
        }
    }

    /** 30 s of grace, tool outcomes kept 6 h for their call's end. */
    public static CallAnalyticsSettings defaults() {
        return new CallAnalyticsSettings(Duration.ofSeconds(30), Duration.ofHours(6));
    }

    public CallAnalyticsSettings withToolOutcomeGrace(Duration grace) {
        return new CallAnalyticsSettings(grace, toolOutcomeRetention);
    }

    public CallAnalyticsSettings withToolOutcomeRetention(Duration retention) {
        return new CallAnalyticsSettings(toolOutcomeGrace, retention);
    }
}
