package com.aybiza.sinks.postgres;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a {@link PostgresSink} batches and retries. A batch is written when it holds {@code batchSize} rows, when its
 * oldest row has waited {@code flushInterval}, and at every checkpoint. A transient failure is retried with back-off
 * from {@code retryBackoffInitial} to {@code retryBackoffMax} for as long as {@code maxRetryTime} (zero: for ever),
 * holding the job back rather than failing it.
 */
public record PostgresSinkOptions(int batchSize, Duration flushInterval, Duration retryBackoffInitial,
                                  Duration retryBackoffMax, Duration maxRetryTime) implements Serializable {

    public static final int DEFAULT_BATCH_SIZE = 5_000;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(500);

    public PostgresSinkOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive, got " + flushInterval);
        }
        if (retryBackoffInitial.isNegative() || retryBackoffInitial.isZero()
                || retryBackoffMax.compareTo(retryBackoffInitial) < 0) {
            throw new IllegalArgumentException("retry back-off must be positive and its maximum not below its start: "
                    + retryBackoffInitial + " .. " + retryBackoffMax);
        }
        if (maxRetryTime.isNegative()) {
            throw new IllegalArgumentException("max retry time must not be negative, got " + maxRetryTime);
        }
    }

    public static PostgresSinkOptions defaults() {
        return new PostgresSinkOptions(DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL, Duration.ofMillis(100),
                Duration.ofSeconds(10), Duration.ZERO);
    }

    public PostgresSinkOptions withBatchSize(int size) {
        return new PostgresSinkOptions(size, flushInterval, retryBackoffInitial, retryBackoffMax, maxRetryTime);
    }

    public PostgresSinkOptions withFlushInterval(Duration interval) {
        return new PostgresSinkOptions(batchSize, interval, retryBackoffInitial, retryBackoffMax, maxRetryTime);
    }

    public PostgresSinkOptions withRetry(Duration initial, Duration max, Duration maxTime) {
        return new PostgresSinkOptions(batchSize, flushInterval, initial, max, maxTime);
    }
}
