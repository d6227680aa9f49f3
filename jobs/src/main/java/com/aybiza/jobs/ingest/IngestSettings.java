package com.aybiza.jobs.ingest;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the front stage judges events, against the time the broker received them: how far ahead of it an event_time
 * may be (edge clocks drift; a few minutes is drift, more is a broken clock), how far behind (an edge that buffered
 * through an outage sends late, but a time before this is a reset clock), how long an event id is remembered to
 * drop its duplicates (producer retries arrive within seconds or minutes), and how event time advances: the
 * watermarks' bounded out-of-orderness, and after how long without records a partition stops holding them back.
 */
public record IngestSettings(Duration maxClockSkew, Duration maxEventAge, Duration duplicateRetention,
                             Duration outOfOrderness, Duration idleness) implements Serializable {

    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Within the usage topic's 35 days, so everything a replay of the topic meets is judged as it was live. */
    public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.ofDays(30);
    public static final Duration DEFAULT_DUPLICATE_RETENTION = Duration.ofHours(1);
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    public static final Duration DEFAULT_IDLENESS = Duration.ofMinutes(1);

    public IngestSettings {
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("max clock skew must not be negative: " + maxClockSkew);
        }
        if (maxEventAge.isNegative() || maxEventAge.isZero()) {
            throw new IllegalArgumentException("max event age must be positive: " + maxEventAge);
        }
        if (duplicateRetention.isNegative() || duplicateRetention.isZero()) {
            throw new IllegalArgumentException("duplicate retention must be positive: " + duplicateRetention);
        }
        if (outOfOrderness.isNegative() || idleness.isNegative() || idleness.isZero()) {
            throw new IllegalArgumentException("out-of-orderness must not be negative and idleness must be positive: "
                    + outOfOrderness + ", " + idleness);
        }
    }

    public static IngestSettings defaults() {
        return new IngestSettings(DEFAULT_MAX_CLOCK_SKEW, DEFAULT_MAX_EVENT_AGE, DEFAULT_DUPLICATE_RETENTION,
                DEFAULT_OUT_OF_ORDERNESS, DEFAULT_IDLENESS);
    }
}
