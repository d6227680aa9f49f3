package com.aybiza.jobs.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    public static <T extends SpecificRecordBase> TypeInformation<SourcedEvent<T>> typeInfo(Class<T> eventType) {
        return pojoTypeInfo(SourcedEvent.class, eventType, Map.of());
    }

    /**
     * The POJO type of {@code pojoClass}, this class or a subclass: the event as Avro, the source record as a POJO,
     * and the subclass's own public fields with the types given. Built by hand because the event field's type is a
     * type parameter, which Flink's type extraction would hand to Kryo.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected static <P> TypeInformation<P> pojoTypeInfo(Class<?> pojoClass, Class<? extends SpecificRecordBase> eventType,
                                                         Map<String, TypeInformation<?>> ownFields) {
        try {
            List<PojoField> fields = new ArrayList<>(List.of(
                    new PojoField(pojoClass.getField("event"), new AvroTypeInfo<>(eventType)),
                    new PojoField(pojoClass.getField("source"), TypeInformation.of(RawRecord.class))));
            for (Map.Entry<String, TypeInformation<?>> own : ownFields.entrySet()) {
                fields.add(new PojoField(pojoClass.getField(own.getKey()), own.getValue()));
            }
            return new PojoTypeInfo<>((Class) pojoClass, fields);
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
