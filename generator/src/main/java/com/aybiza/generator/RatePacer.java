package com.aybiza.generator;

import java.util.OptionalDouble;
import java.util.concurrent.locks.LockSupport;

/** Holds a records-per-second rate over the whole run (not per second), so short stalls are caught up. */
final class RatePacer {

    private final double perNano;
    private final long startNanos;

    RatePacer(OptionalDouble rate, long startNanos) {
        this.perNano = rate.isPresent() ? rate.getAsDouble() / 1e9 : 0;
        this.startNanos = startNanos;
    }

    /** Waits until {@code sent} records are due; returns at once with no rate ('max'). */
    void awaitTurn(long sent) {
        if (perNano == 0) {
            return;
        }
        long due = startNanos + (long) (sent / perNano);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
