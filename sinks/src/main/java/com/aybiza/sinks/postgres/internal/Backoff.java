package com.aybiza.sinks.postgres.internal;

import java.time.Duration;

/** Exponential back-off between retries, doubling from {@code initial} to at most {@code max}. */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = initialMillis;
    }

    /** Sleeps the current delay and doubles it; an interrupt (the task is cancelled) ends the wait at once. */
    public void pause() throws InterruptedException {
        Thread.sleep(nextMillis);
        nextMillis = Math.min(maxMillis, nextMillis * 2);
    }

    public long nextDelayMillis() {
        return nextMillis;
    }

    public void reset() {
        nextMillis = initialMillis;
    }
}
