package com.aybiza.jobs.ingest;

import com.aybiza.jobs.ingest.rules.EventRules;
import com.aybiza.jobs.ingest.rules.Violations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The second stage: an event that decoded must also keep its contract's rules ({@link EventRules}), no string may
 * hold a NUL character (PostgreSQL text cannot), and its event_time must be plausible. Stored, an event_time far
 * ahead or far behind would sit in a chunk that compression and retention do not reach, or that retention already
 * dropped. Plausible is judged against the record's Kafka timestamp where the broker set it on arrival (the input
 * topics are LogAppendTime), so that a replay judges each record as the live run did; on a CreateTime topic the
 * timestamp is the producer's clock, as suspect as event_time itself, so the record is judged against this job's clock. Every violation found goes into one dead letter, stage {@value DeadLetters#VALIDATE}.
 */
public final class EventValidationFunction<T extends SpecificRecordBase> extends ProcessFunction<SourcedEvent<T>, SourcedEvent<T>> {

    private static final long serialVersionUID = 1L;

    private final Class<T> eventType;
    private final Duration maxClockSkew;
    private final Duration maxEventAge;
    private transient EventRules<T> rules;
    private transient Counter invalid;

    public EventValidationFunction(Class<T> eventType, Duration maxClockSkew, Duration maxEventAge) {
        this.eventType = eventType;
        this.maxClockSkew = maxClockSkew;
        this.maxEventAge = maxEventAge;
    }

    @Override
    public void open(OpenContext openContext) {
        rules = EventRules.forType(eventType);
        invalid = getRuntimeContext().getMetricGroup().counter("invalidEvents");
    }

    @Override
    public void processElement(SourcedEvent<T> sourced, Context ctx, Collector<SourcedEvent<T>> out) {
        long now = ctx.timerService().currentProcessingTime();
        Violations violations = new Violations();
        checkEventTime(sourced, now, violations);
        violations.noNulCharacters(sourced.event);
        rules.check(sourced.event, violations);
        if (violations.isEmpty()) {
            out.collect(sourced);
            return;
        }
        invalid.inc();
        ctx.output(DeadLetters.TAG, DeadLetters.of(sourced.source, DeadLetters.VALIDATE,
                InvalidEventException.class.getName(), violations.toString(), now));
    }

    private void checkEventTime(SourcedEvent<T> sourced, long now, Violations violations) {
        boolean stamped = sourced.source.timestampIsArrival && sourced.source.timestamp > 0;
        Instant reference = Instant.ofEpochMilli(stamped ? sourced.source.timestamp : now);
        Instant eventTime = ContractFields.eventTime(sourced.event);
        Duration ahead = Duration.between(reference, eventTime);
        // The messages are built only for a violation: formatting the instants of every event cost a tenth of the
        // front stage's time.
        if (ahead.compareTo(maxClockSkew) > 0) {
            violations.add("event_time " + eventTime + " is " + ahead.truncatedTo(ChronoUnit.SECONDS) + " ahead of "
                    + against(stamped, reference) + ", more than the " + maxClockSkew + " of clock skew allowed");
        } else if (ahead.negated().compareTo(maxEventAge) > 0) {
            violations.add("event_time " + eventTime + " is " + ahead.negated().truncatedTo(ChronoUnit.SECONDS)
                    + " behind " + against(stamped, reference) + ", older than the " + maxEventAge + " allowed");
        }
    }

    private static String against(boolean stamped, Instant reference) {
        return stamped ? "the record's arrival at " + reference : "the processing clock";
    }
}
