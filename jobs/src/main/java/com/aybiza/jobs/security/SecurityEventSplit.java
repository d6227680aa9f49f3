package com.aybiza.jobs.security;

import com.aybiza.events.SecurityEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.ingest.DeadLetters;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each security event to the side output of the one table its payload type is stored in
 * ({@link SecurityTable#tag}); the main output stays empty. A payload no table stores cannot come out of the decoder
 * today (the union is closed and every branch has a table), but a schema grown without this job would otherwise lose
 * events silently, so such an event is dead-lettered, stage {@value #STAGE}.
 */
public final class SecurityEventSplit
        extends ProcessFunction<EnrichedEvent<SecurityEvent>, EnrichedEvent<SecurityEvent>> {

    private static final long serialVersionUID = 1L;

    public static final String STAGE = "split";

    @Override
    public void processElement(EnrichedEvent<SecurityEvent> event, Context ctx,
                               Collector<EnrichedEvent<SecurityEvent>> out) {
        SecurityTable<?> table = SecurityTable.forPayload(event.event.getPayload());
        if (table != null) {
            ctx.output(table.tag(), event);
        } else {
            ctx.output(DeadLetters.TAG, DeadLetters.of(event.source, STAGE, IllegalArgumentException.class.getName(),
                    "no table stores a security payload of type " + event.event.getPayload().getClass().getName(),
                    ctx.timerService().currentProcessingTime()));
        }
    }
}
