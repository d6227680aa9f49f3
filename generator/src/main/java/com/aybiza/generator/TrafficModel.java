package com.aybiza.generator;

import java.util.SplittableRandom;

/**
 * The whole voice edge as one stream in event-time order: calls start as a Poisson process sized so that the run
 * holds its events-per-second target, security events and incidents arrive beside them, and every script waits in
 * one queue for its next step. Deterministic: the same seed and settings give the same events in the same order.
 *
 * <p>The run starts in steady state, as a live edge would be: calls begin a warm-up period before the start, and
 * those still in progress at the start appear from their next step on ({@link CallScript#start}).
 */
final class TrafficModel {

    private static final double SECURITY_SHARE = 0.03;
    private static final double SECONDS_BETWEEN_INCIDENTS = 20;

    private final ScriptQueue queue = new ScriptQueue();
    private final CallContext context;
    private final SecurityTraffic security;
    private final SplittableRandom arrivals;
    private final double callsPerMicro;
    private final double securityPerMicro;
    private final double incidentsPerMicro;
    private long nextCall;
    private long nextSecurity;
    private long nextIncident;
    private long calls;
    private long securityEvents;
    private long incidents;
    private long sequence;
    private long lastTimeMicros;

    TrafficModel(CallContext context, double eventsPerSecond) {
        this(context, eventsPerSecond, Math.round((3 * context.meanCallSeconds() + 30) * 1e6));
    }

    TrafficModel(CallContext context, double eventsPerSecond, long warmupMicros) {
        this.context = context;
        this.security = new SecurityTraffic(context);
        this.arrivals = new SplittableRandom(context.trafficSeed() ^ 0xA11L);
        double eventsPerCall = eventsPerCall(context.meanCallSeconds());
        this.callsPerMicro = eventsPerSecond * (1 - SECURITY_SHARE) / eventsPerCall / 1e6;
        this.securityPerMicro = eventsPerSecond * SECURITY_SHARE / 1.65 / 1e6;
        this.incidentsPerMicro = 1 / (SECONDS_BETWEEN_INCIDENTS * 1e6);
        this.nextCall = -warmupMicros + gap(callsPerMicro);
        this.nextSecurity = gap(securityPerMicro);
        this.nextIncident = gap(incidentsPerMicro);
    }

    /** The next event in event-time order (the simulation never runs dry: calls keep arriving). */
    GeneratedEvent next() {
        while (true) {
            long queued = queue.isEmpty() ? Long.MAX_VALUE : queue.peekTime();
            long arrival = Math.min(nextCall, Math.min(nextSecurity, nextIncident));
            if (queued <= arrival) {
                Script head = queue.poll();
                long headSequence = queue.lastSequence();
                lastTimeMicros = queued;
                GeneratedEvent event = head.next();
                if (head.hasNext()) {
                    queue.add(head, head.nextTimeMicros(), headSequence);
                }
                if (event != null) {
                    return event;
                }
                continue;
            }
            if (arrival == nextCall) {
                CallScript call = CallScript.start(context, calls++, nextCall);
                if (call != null) {
                    enqueue(call);
                }
                nextCall += gap(callsPerMicro);
            } else if (arrival == nextSecurity) {
                enqueue(security.ordinary(securityEvents++, nextSecurity));
                nextSecurity += gap(securityPerMicro);
            } else {
                enqueue(security.failedLoginBurst(incidents++, nextIncident));
                nextIncident += gap(incidentsPerMicro);
            }
        }
    }

    /** Event time of the event {@link #next()} returned last, in microseconds since the start. */
    long lastTimeMicros() {
        return lastTimeMicros;
    }

    /** Event time of the next event, in microseconds since the start (at least 0: warm-up steps are not events). */
    long peekTimeMicros() {
        long queued = queue.isEmpty() ? Long.MAX_VALUE : queue.peekTime();
        return Math.max(0, Math.min(queued, Math.min(nextCall, Math.min(nextSecurity, nextIncident))));
    }

    private void enqueue(Script script) {
        if (script.hasNext()) {
            queue.add(script, script.nextTimeMicros(), sequence++);
        }
    }

    /**
     * How many events a call produces on average, for sizing the arrival rate: 80% are answered, with about 10.85
     * events (lifecycle, session, final usage, tokens, storage 80% of the time, 1.0 tool executions at ~2.9 events,
     * 0.15 billing fixes) plus one per full minute of talk after the first and one turn event per 8 s of talk; the other
     * 20% end with 3.
     */
    static double eventsPerCall(double meanCallSeconds) {
        double extraMinutes = 1 / (Math.exp(60 / meanCallSeconds) - 1);
        // A turn event per 8 s of talk, at least one: E[floor(T/8)] of an exponential T, plus P(T < 8).
        double turns = 1 / (Math.exp(8 / meanCallSeconds) - 1) + (1 - Math.exp(-8 / meanCallSeconds));
        return 0.8 * (10.85 + extraMinutes + turns) + 0.2 * 3;
    }

    private long gap(double perMicro) {
        return Math.max(1, Math.round(-Math.log(1 - arrivals.nextDouble()) / perMicro));
    }
}
