package com.aybiza.generator;

import com.aybiza.events.EventTopic;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event of the simulation, before it is encoded: where it goes, its key and a label for the ledger (e.g.
 * {@code call.completed}, {@code usage.RECORD.call_minutes}, {@code security.LoginAttempt}). What a usage event
 * changes on the bill is not decided here: the {@link Ledger} applies the pipeline's billing rule to all of them.
 */
record GeneratedEvent(EventTopic topic, String key, SpecificRecord event, String kind) {}
