package com.aybiza.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallEvent;
import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventCodec;
import com.aybiza.events.EventDecodingException;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.UsageEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventDecodingFunctionTest {

    private static final String TOPIC = "aybiza.calls.v1";
    private static final byte[] KEY = SampleEvents.TENANT.toString().getBytes(StandardCharsets.UTF_8);
    private static final long NOW = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

    private OneInputStreamOperatorTestHarness<RawRecord, SourcedEvent<CallEvent>> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new EventDecodingFunction<>(CallEvent.class));
        harness.setProcessingTime(NOW);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static RawRecord raw(long offset, byte[] value) {
        return new RawRecord(TOPIC, 3, offset, NOW - 5, KEY, value);
    }

    private List<DeadLetter> deadLetters() {
        var side = harness.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aValidRecordIsDecodedTogetherWithItsRecordAndNothingIsDeadLettered() throws Exception {
        CallEvent event = SampleEvents.callEvent();
        RawRecord record = raw(7, EventCodec.forType(CallEvent.class).encode(event));
        harness.processElement(record, NOW);

        assertThat(harness.extractOutputValues()).containsExactly(new SourcedEvent<>(event, record));
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void undecodableRecordsGoToTheDeadLettersWithTheirBytesOriginAndReason() throws Exception {
        byte[] valid = EventCodec.forType(CallEvent.class).encode(SampleEvents.callEvent());
        byte[] json = "{\"event_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
        byte[] otherType = EventCodec.forType(UsageEvent.class).encode(SampleEvents.usageEvent());
        harness.processElement(raw(10, json), NOW);
        harness.processElement(raw(11, truncated), NOW);
        harness.processElement(raw(12, otherType), NOW);
        harness.processElement(raw(13, null), NOW);
        harness.processElement(raw(14, valid), NOW);

        assertThat(harness.extractOutputValues()).hasSize(1);
        List<DeadLetter> letters = deadLetters();
        assertThat(letters).extracting(DeadLetter::getSourceOffset).containsExactly(10L, 11L, 12L, 13L);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getSourceTopic().toString()).isEqualTo(TOPIC);
            assertThat(letter.getSourcePartition()).isEqualTo(3);
            assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap(KEY));
            assertThat(letter.getFailedStage().toString()).isEqualTo("deserialize");
            assertThat(letter.getErrorClass().toString()).isEqualTo(EventDecodingException.class.getName());
            assertThat(letter.getFailedAt()).isEqualTo(Instant.ofEpochMilli(NOW));
        });
        assertThat(letters.get(0).getOriginalValue()).isEqualTo(ByteBuffer.wrap(json));
        assertThat(letters.get(1).getOriginalValue()).isEqualTo(ByteBuffer.wrap(truncated));
        assertThat(letters.get(3).getOriginalValue()).isEqualTo(ByteBuffer.wrap(new byte[0]));
        assertThat(letters).extracting(letter -> letter.getErrorMessage().toString())
                .satisfiesExactly(
                        m -> assertThat(m).contains("not an Avro single-object message"),
                        m -> assertThat(m).contains("truncated"),
                        m -> assertThat(m).contains("unknown writer schema fingerprint"),
                        m -> assertThat(m).contains("tombstone"));
    }

    @Test
    void theDeadLetterEnvelopeGoesToTheSourceTopicsTwinWithTheOriginalKey() {
        DeadLetter letter = DeadLetters.of(raw(10, new byte[] {1, 2}), DeadLetters.DESERIALIZE,
                new EventDecodingException("bad", null), NOW);
        DeadLetterSerializer serializer = new DeadLetterSerializer();
        serializer.open(null, null);

        var record = serializer.serialize(letter, null, NOW);

        assertThat(record.topic()).isEqualTo("aybiza.calls.v1.dlq");
        assertThat(record.key()).isEqualTo(KEY);
        assertThat(EventCodec.forType(DeadLetter.class).decode(record.value())).isEqualTo(letter);
    }
}
