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
 * The second stage: an event that decoded must also keep its contract's rules ({@link EventRules}) and must not come
 * from the future. An event_time further ahead of this job's clock than the allowed clock skew is a broken edge
 * clock or a corrupted record; stored, it would sit in a chunk that compression and retention do not reach for
 * weeks. Every violation found goes into one dead letter under stage {@value DeadLetters#VALIDATE}.
 */
public final class EventValidationFunction<T extends SpecificRecordBase> extends ProcessFunction<SourcedEvent<T>, SourcedEvent<T>> {

    private static final long serialVersionUID = 1L;

    private final Class<T> eventType;
    private final Duration maxClockSkew;
    private transient EventRules<T> rules;
    private transient Counter invalid;

    public EventValidationFunction(Class<T> eventType, Duration maxClockSkew) {
        this.eventType = eventType;
        this.maxClockSkew = maxClockSkew;
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
        Instant eventTime = ContractFields.eventTime(sourced.event);
        Duration ahead = Duration.between(Instant.ofEpochMilli(now), eventTime);
        if (ahead.compareTo(maxClockSkew) > 0) {
            violations.add("event_time " + eventTime + " is " + ahead.truncatedTo(ChronoUnit.SECONDS) + " ahead of the processing clock, more than the "
                    + maxClockSkew + " of clock skew allowed");
        }
        rules.check(sourced.event, violations);
        if (violations.isEmpty()) {
            out.collect(sourced);
            return;
        }
        invalid.inc();
        ctx.output(DeadLetters.TAG, DeadLetters.of(sourced.source, DeadLetters.VALIDATE,
                InvalidEventException.class.getName(), violations.toString(), now));
    }
}
