package com.aybiza.jobs.ingest;

import com.aybiza.events.EventCodec;
import com.aybiza.events.EventTopic;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * Events as the front stage receives them (encoded with their contract's codec, in a record of their topic), and
 * test harnesses whose output travels with the serializer the job uses ({@link SourcedEvent#typeInfo}), not Kryo.
 */
public final class TestRecords {

    private TestRecords() {
    }

    public static <T extends SpecificRecordBase> SourcedEvent<T> sourced(T event, long offset) {
        @SuppressWarnings("unchecked")
        EventCodec<T> codec = EventCodec.forType((Class<T>) event.getClass());
        return sourced(event, offset, codec.encode(event));
    }

    /** {@code event} in a record holding {@code bytes}: for an event the Java codec would refuse to write. */
    public static <T extends SpecificRecordBase> SourcedEvent<T> sourced(T event, long offset, byte[] bytes) {
        String topic = Arrays.stream(EventTopic.values()).filter(t -> t.eventType() == event.getClass())
                .findFirst().orElseThrow().topicName();
        byte[] key = ContractFields.scopeKey(event).getBytes(StandardCharsets.UTF_8);
        return new SourcedEvent<>(event, new RawRecord(topic, 0, offset, 0L, key, bytes));
    }

    static <T extends SpecificRecordBase> TypeSerializer<SourcedEvent<T>> serializer(Class<T> type) {
        return SourcedEvent.typeInfo(type).createSerializer(new ExecutionConfig().getSerializerConfig());
    }

    /** A set-up, not yet opened harness for {@code function}. */
    static <T extends SpecificRecordBase> OneInputStreamOperatorTestHarness<SourcedEvent<T>, SourcedEvent<T>> harness(
            ProcessFunction<SourcedEvent<T>, SourcedEvent<T>> function, Class<T> type) throws Exception {
        return harness(function, SourcedEvent.typeInfo(type));
    }

    /** A set-up, not yet opened harness for {@code function}, whose output travels with {@code outputType}. */
    public static <I, O> OneInputStreamOperatorTestHarness<I, O> harness(ProcessFunction<I, O> function,
                                                                        TypeInformation<O> outputType) throws Exception {
        OneInputStreamOperatorTestHarness<I, O> harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function));
        harness.setup(outputType.createSerializer(new ExecutionConfig().getSerializerConfig()));
        return harness;
    }

    /** A set-up, not yet opened harness for {@code function}, keyed by scope (tenant, organization) as the job keys it. */
    static <T extends SpecificRecordBase> KeyedOneInputStreamOperatorTestHarness<String, SourcedEvent<T>, SourcedEvent<T>>
            keyedHarness(KeyedProcessFunction<String, SourcedEvent<T>, SourcedEvent<T>> function, Class<T> type)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SourcedEvent<T>, SourcedEvent<T>> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                        sourced -> ContractFields.scopeKey(sourced.event), Types.STRING);
        harness.setup(serializer(type));
        return harness;
    }
}
