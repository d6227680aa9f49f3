package com.aybiza.jobs.enrich;

import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.SourcedEvent;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Builds the enrichment stage of a job; its dead letters are the returned operator's {@link DeadLetters#TAG}. */
public final class EventEnrichment {

    private EventEnrichment() {
    }

    /**
     * Enriches {@code events} with reference data. Forward-connected to the stage before it, so each tenant's events
     * keep the order the de-duplication stage gave them; the uid is fixed like every front-stage operator's.
     */
    public static <T extends SpecificRecordBase> SingleOutputStreamOperator<EnrichedEvent<T>> enrich(
            DataStream<SourcedEvent<T>> events, Class<T> eventType, ReferenceDataSettings settings) {
        String name = eventType.getSimpleName();
        return events.process(new EventEnrichmentFunction<T>(settings), EnrichedEvent.enrichedTypeInfo(eventType))
                .name("enrich " + name)
                .uid("enrich-" + name);
    }
}
