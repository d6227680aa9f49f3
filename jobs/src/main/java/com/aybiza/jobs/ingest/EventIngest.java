package com.aybiza.jobs.ingest;

import com.aybiza.events.DeadLetter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Builds the front stage every job starts with: decode, validate, drop duplicates. Each operator's uid is fixed, so
 * a job's state (the seen event ids above all) survives an upgrade that changes the graph around it.
 */
public final class EventIngest {

    private EventIngest() {
    }

    /** Decodes, validates and de-duplicates {@code raw} into {@code eventType} events. */
    public static <T extends SpecificRecordBase> IngestedEvents<T> ingest(DataStream<RawRecord> raw, Class<T> eventType,
                                                                         IngestSettings settings) {
        String name = eventType.getSimpleName();
        TypeInformation<SourcedEvent<T>> type = SourcedEvent.typeInfo(eventType);
        SingleOutputStreamOperator<SourcedEvent<T>> decoded = decode(raw, eventType);
        SingleOutputStreamOperator<SourcedEvent<T>> valid = decoded
                .process(new EventValidationFunction<>(eventType, settings.maxClockSkew(), settings.maxEventAge()), type)
                .name("validate " + name)
                .uid("validate-" + name);
        SingleOutputStreamOperator<SourcedEvent<T>> unique = valid
                .keyBy(sourced -> ContractFields.scopeKey(sourced.event), Types.STRING)
                .process(new DuplicateEventFilter<>(eventType, settings.duplicateRetention()), type)
                .name("drop duplicate " + name)
                .uid("deduplicate-" + name);
        DataStream<DeadLetter> deadLetters = decoded.getSideOutput(DeadLetters.TAG)
                .union(valid.getSideOutput(DeadLetters.TAG), unique.getSideOutput(DeadLetters.TAG));
        return new IngestedEvents<>(unique, deadLetters);
    }

    /** Only the decoding stage: {@code raw} as {@code eventType} events; its dead letters are on {@link DeadLetters#TAG}. */
    public static <T extends SpecificRecordBase> SingleOutputStreamOperator<SourcedEvent<T>> decode(
            DataStream<RawRecord> raw, Class<T> eventType) {
        String name = eventType.getSimpleName();
        return raw.process(new EventDecodingFunction<>(eventType), SourcedEvent.typeInfo(eventType))
                .name("decode " + name)
                .uid("decode-" + name);
    }
}
