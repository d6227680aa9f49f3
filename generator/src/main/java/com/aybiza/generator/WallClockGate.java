package com.aybiza.generator;

import java.util.concurrent.locks.LockSupport;

/**
 * With --rate max, holds each event back until the wall clock has reached its event time. Event times are laid out
 * at {@link GeneratorSettings#NOMINAL_MAX_RATE} events per second, so a machine faster than that would write them
 * ahead of the clock, and the pipeline refuses an event more than 5 minutes ahead of its arrival. A slower machine
 * falls behind the clock instead, which the pipeline accepts (up to 30 days).
 *
 * <p>The clock is {@link System#currentTimeMillis()}, read in whole milliseconds: an event of 09:00:00.000500 waits
 * for 09:00:00.001, so that no reading of that clock taken after it was handed on is earlier than its event time.
 * The clock is read only when an event lies beyond the last reading, about once per millisecond of event time.
 */
final class WallClockGate {

    private long reachedMicros = Long.MIN_VALUE;

    /**
     * Waits until the wall clock reaches {@code eventMicros} (microseconds since the epoch). Returns false, without
     * waiting longer, if {@code deadlineNanos} (of {@link System#nanoTime()}) comes first.
     */
    boolean await(long eventMicros, long deadlineNanos) {
        if (eventMicros <= reachedMicros) {
            return true;
        }
        while (true) {
            long now = System.currentTimeMillis() * 1000;
            if (now >= eventMicros) {
                reachedMicros = now;
                return true;
            }
            long untilDeadline = deadlineNanos - System.nanoTime();
            if (untilDeadline <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min((eventMicros - now) * 1000, untilDeadline));
        }
    }
}
