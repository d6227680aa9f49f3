package com.aybiza.jobs.calls;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the calls topology judges event time, all in event time (the events' event_time).
 *
 * @param toolOutcomeGrace     how long after a call's end_time its tool outcomes are still counted: a call's
 *                             analytics row is written when the watermark passes end_time plus this
 * @param outOfOrderness       how far behind the latest event_time seen an event may still come, for the watermarks
 * @param idleness             after how long without events a stream's part stops holding the watermark back
 * @param toolOutcomeRetention how long a tool outcome waits for its call to end (the longest call expected); after
 *                             that, or if it came after its call was written, it is dropped and counted
 */
public record CallAnalyticsSettings(Duration toolOutcomeGrace, Duration outOfOrderness, Duration idleness,
                                    Duration toolOutcomeRetention) implements Serializable {

    public CallAnalyticsSettings {
        Objects.requireNonNull(toolOutcomeGrace, "toolOutcomeGrace");
        Objects.requireNonNull(outOfOrderness, "outOfOrderness");
        Objects.requireNonNull(idleness, "idleness");
        Objects.requireNonNull(toolOutcomeRetention, "toolOutcomeRetention");
        if (toolOutcomeGrace.isNegative() || outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("the tool-outcome grace and the out-of-orderness must not be negative, "
                    + "got " + toolOutcomeGrace + " and " + outOfOrderness);
        }
        if (idleness.isNegative() || idleness.isZero()) {
            throw new IllegalArgumentException("the idleness timeout must be positive, got " + idleness);
        }
        if (toolOutcomeRetention.compareTo(toolOutcomeGrace) <= 0) {
            throw new IllegalArgumentException("a tool outcome must wait for its call (" + toolOutcomeRetention
                    + ") longer than the grace after the call's end (" + toolOutcomeGrace + ")");
        }
    }

    /** 30 s of grace, 5 s out of order, idle after 1 min, tool outcomes kept 6 h for their call's end. */
    public static CallAnalyticsSettings defaults() {
        return new CallAnalyticsSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1),
                Duration.ofHours(6));
    }

    public CallAnalyticsSettings withToolOutcomeGrace(Duration grace) {
        return new CallAnalyticsSettings(grace, outOfOrderness, idleness, toolOutcomeRetention);
    }

    public CallAnalyticsSettings withToolOutcomeRetention(Duration retention) {
        return new CallAnalyticsSettings(toolOutcomeGrace, outOfOrderness, idleness, retention);
    }
}
