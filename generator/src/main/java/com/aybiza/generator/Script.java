package com.aybiza.generator;

/**
 * A source of events in event-time order, produced lazily: a call, a burst of failed logins. The traffic model
 * keeps only each script's next step in its queue, so memory grows with the calls in flight, not with their events.
 */
interface Script {

    /** Event time of the next event, in microseconds since the run's start; only valid while {@link #hasNext()}. */
    long nextTimeMicros();

    boolean hasNext();

    /**
     * The next event, or null when this step has nothing to say after all (a correction of a charge that was never
     * emitted); afterwards {@link #nextTimeMicros()} is the time of the one after it.
     */
    GeneratedEvent next();
}
