package com.aybiza.jobs.ingest;

import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * A decoded event together with the Kafka record it was decoded from. Every stage after decoding can still
 * dead-letter the event with its original bytes, topic, partition and offset, which is what makes a rejection
 * replayable; the record is dropped only where the event is stored.
 *
 * <p>A Flink POJO whose event travels with Flink's Avro serializer: use {@link #typeInfo(Class)} for its type.
 */
public class SourcedEvent<T extends SpecificRecordBase> {

    public T event;
    public RawRecord source;

    public SourcedEvent() {
    }

    public SourcedEvent(T event, RawRecord source) {
        this.event = event;
        this.source = source;
    }

    /** The type of a stream of {@code eventType} events: the event as Avro, the source record as a POJO, no Kryo. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T extends SpecificRecordBase> TypeInformation<SourcedEvent<T>> typeInfo(Class<T> eventType) {
        try {
            return new PojoTypeInfo<>((Class) SourcedEvent.class, List.of(
                    new PojoField(SourcedEvent.class.getField("event"), new AvroTypeInfo<>(eventType)),
                    new PojoField(SourcedEvent.class.getField("source"), TypeInformation.of(RawRecord.class))));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourcedEvent<?> s && Objects.equals(event, s.event) && Objects.equals(source, s.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, source);
    }

    @Override
    public String toString() {
        return source + " " + event;
    }
}
