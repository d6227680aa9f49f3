package com.aybiza.jobs.quality;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the agents' days are kept ({@link AgentDayAggregation}).
 *
 * @param updateInterval how often, at most, a day that received something is written again (processing time): how
 *                       fresh {@code quality.agent_performance_metrics} is while the day runs
 * @param lateness       how long after a day ends (in event time, by the watermark) its figures are held and late
 *                       calls still update its row; later ones are left out and counted
 */
public record AgentPerformanceSettings(Duration updateInterval, Duration lateness) implements Serializable {

    public AgentPerformanceSettings {
        Objects.requireNonNull(updateInterval, "updateInterval");
        Objects.requireNonNull(lateness, "lateness");
        if (updateInterval.isNegative() || updateInterval.isZero() || lateness.isNegative()) {
            throw new IllegalArgumentException("the update interval must be positive and the lateness not negative, "
                    + "got " + updateInterval + " and " + lateness);
        }
    }

    /** Written every 10 s while it changes; late calls counted up to a day after the day ended. */
    public static AgentPerformanceSettings defaults() {
        return new AgentPerformanceSettings(Duration.ofSeconds(10), Duration.ofDays(1));
    }
}
