package com.aybiza.jobs.ingest;

import com.aybiza.events.DeadLetter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What the front stage hands a job: the events that decoded, kept their contract's rules and were not seen before,
 * in each scope's (tenant's) Kafka order; and every record it set aside, from any of its stages, for the dead-letter sink.
 */
public record IngestedEvents<T extends SpecificRecordBase>(DataStream<SourcedEvent<T>> events,
                                                           DataStream<DeadLetter> deadLetters) {
}
