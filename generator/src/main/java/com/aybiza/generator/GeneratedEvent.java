package com.aybiza.generator;

import com.aybiza.events.EventTopic;
import java.math.BigDecimal;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event of the simulation, before it is encoded: where it goes, its key, a label for the ledger (e.g.
 * {@code call.completed}, {@code usage.RECORD.call_minutes}, {@code security.LoginAttempt}) and, for usage events,
 * what it changes on the bill: +quantity for a RECORD, new minus old for a CORRECTION, minus the voided quantity for
 * a VOID (null for every other event).
 */
record GeneratedEvent(EventTopic topic, String key, SpecificRecord event, String kind, BigDecimal billedDelta) {

    GeneratedEvent(EventTopic topic, String key, SpecificRecord event, String kind) {
        this(topic, key, event, kind, null);
    }
}
