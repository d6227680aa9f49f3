package com.aybiza.jobs.ingest;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the front stage judges events: how far ahead of the job's clock an event_time may be (edge clocks drift; a
 * few minutes is drift, more is a broken clock), and how long an event id is remembered to drop its duplicates
 * (producer retries arrive within seconds or minutes; replays older than this are caught by the sinks' keys).
 */
public record IngestSettings(Duration maxClockSkew, Duration duplicateRetention) implements Serializable {

    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DUPLICATE_RETENTION = Duration.ofHours(1);

    public IngestSettings {
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("max clock skew must not be negative: " + maxClockSkew);
        }
        if (duplicateRetention.isNegative() || duplicateRetention.isZero()) {
            throw new IllegalArgumentException("duplicate retention must be positive: " + duplicateRetention);
        }
    }

    public static IngestSettings defaults() {
        return new IngestSettings(DEFAULT_MAX_CLOCK_SKEW, DEFAULT_DUPLICATE_RETENTION);
    }
}
