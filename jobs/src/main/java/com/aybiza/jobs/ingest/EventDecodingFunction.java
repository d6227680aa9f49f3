package com.aybiza.jobs.ingest;

import com.aybiza.events.EventCodec;
import com.aybiza.events.EventDecodingException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The first stage of every job: decodes a raw record with the event contract's codec (the current schema and every
 * released version), and dead-letters what cannot be decoded (not Avro, truncated, an unknown schema, a value outside
 * an enum) with the codec's reason, under stage {@value DeadLetters#DESERIALIZE}. Decoded events keep their record.
 */
public final class EventDecodingFunction<T extends SpecificRecordBase> extends ProcessFunction<RawRecord, SourcedEvent<T>> {

    private static final long serialVersionUID = 1L;

    private final Class<T> eventType;
    private transient EventCodec<T> codec;

    public EventDecodingFunction(Class<T> eventType) {
        this.eventType = eventType;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = EventCodec.forType(eventType);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<SourcedEvent<T>> out) {
        if (record.value == null) {
            ctx.output(DeadLetters.TAG, DeadLetters.of(record, DeadLetters.DESERIALIZE, EventDecodingException.class.getName(),
                    "record has no value (a tombstone); " + eventType.getSimpleName() + " events are never deleted",
                    ctx.timerService().currentProcessingTime()));
            return;
        }
        T event;
        try {
            event = codec.decode(record.value);
        } catch (EventDecodingException e) {
            ctx.output(DeadLetters.TAG, DeadLetters.of(record, DeadLetters.DESERIALIZE, e,
                    ctx.timerService().currentProcessingTime()));
            return;
        }
        out.collect(new SourcedEvent<>(event, record));
    }
}
