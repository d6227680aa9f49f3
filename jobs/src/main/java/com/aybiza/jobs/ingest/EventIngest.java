package com.aybiza.jobs.ingest;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Builds the decoding stage a job starts with; its dead letters are the returned operator's {@link DeadLetters#TAG}. */
public final class EventIngest {

    private EventIngest() {
    }

    /**
     * Decodes {@code raw} into {@code eventType} events. Decoded events travel as Avro (Flink's Avro serializer,
     * not Kryo); the operator's uid is fixed, so a job's state survives an upgrade that changes the graph around it.
     */
    public static <T extends SpecificRecordBase> SingleOutputStreamOperator<T> decode(DataStream<RawRecord> raw,
                                                                              Class<T> eventType) {
        String name = eventType.getSimpleName();
        return raw.process(new EventDecodingFunction<>(eventType), new AvroTypeInfo<>(eventType))
                .name("decode " + name)
                .uid("decode-" + name);
    }
}
