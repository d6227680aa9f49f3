package com.aybiza.jobs;

import com.aybiza.events.DeadLetter;
import com.aybiza.jobs.enrich.EnrichedEvent;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What the front stage hands a job: the events that decoded, kept their contract's rules, point at reference data
 * that exists and were not seen before, in each scope's Kafka order; and every record it set aside, from any of its
 * stages, for the dead-letter sink.
 */
public record PreparedEvents<T extends SpecificRecordBase>(DataStream<EnrichedEvent<T>> events,
                                                           DataStream<DeadLetter> deadLetters) {
}
