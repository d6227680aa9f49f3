package com.aybiza.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.EventCodec;
import com.aybiza.events.EventTopic;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class SourceEventTimeTest {

    private static final Instant ARRIVAL = Instant.parse("2026-11-30T10:05:00Z");
    private final SourceEventTime assigner = new SourceEventTime(Duration.ofMinutes(5));

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecordBase> byte[] encode(T event) {
        return EventCodec.forType((Class<T>) event.getClass()).encode(event);
    }

    private long stamp(byte[] value) {
        RawRecord record = new RawRecord("t", 0, 0, ARRIVAL.toEpochMilli(), null, value);
        return assigner.extractTimestamp(record, ARRIVAL.toEpochMilli());
    }

    @Test
    void readsTheEventTimeOfEveryContractWithoutDecodingIt() {
        List<SpecificRecordBase> events = new ArrayList<>(List.of(SampleEvents.callEvent(),
                SampleEvents.toolExecutionEvent(), SampleEvents.usageEvent(), SampleEvents.callTurnEvent()));
        SampleEvents.securityPayloads().forEach(payload -> events.add(SampleEvents.securityEvent(payload)));
        assertThat(events.stream().map(Object::getClass).distinct().map(Class::getSimpleName))
                .as("every input topic's contract")
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventTopic.values()).map(t -> t.eventType()
                        .getSimpleName()).filter(n -> !n.equals("DeadLetter")).toList());
        for (SpecificRecordBase event : events) {
            Instant time = (Instant) event.get("event_time");
            assertThat(SourceEventTime.eventTimeMicros(encode(event)))
                    .as(event.getClass().getSimpleName() + ": event_id then event_time, right after the header")
                    .isEqualTo(time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000);
            assertThat(stamp(encode(event))).isEqualTo(time.toEpochMilli());
        }
    }

    @Test
    void aRecordWithoutAReadableTimeOrTooFarAheadIsStampedWithItsArrival() {
        assertThat(stamp(new byte[] {1, 2, 3})).isEqualTo(ARRIVAL.toEpochMilli());
        assertThat(stamp(null)).isEqualTo(ARRIVAL.toEpochMilli());
        byte[] truncated = Arrays.copyOf(encode(SampleEvents.usageEvent()), 20);
        assertThat(stamp(truncated)).isEqualTo(ARRIVAL.toEpochMilli());

        UsageEvent ahead = UsageEvent.newBuilder(SampleEvents.usageEvent())
                .setEventTime(ARRIVAL.plus(Duration.ofMinutes(6))).build();
        assertThat(stamp(encode(ahead))).as("a broken clock must not move the watermark")
                .isEqualTo(ARRIVAL.toEpochMilli());
        UsageEvent skewed = UsageEvent.newBuilder(SampleEvents.usageEvent())
                .setEventTime(ARRIVAL.plus(Duration.ofMinutes(4))).build();
        assertThat(stamp(encode(skewed))).isEqualTo(ARRIVAL.plus(Duration.ofMinutes(4)).toEpochMilli());
        UsageEvent old = UsageEvent.newBuilder(SampleEvents.usageEvent())
                .setEventTime(ARRIVAL.minus(Duration.ofDays(3))).build();
        assertThat(stamp(encode(old))).isEqualTo(ARRIVAL.minus(Duration.ofDays(3)).toEpochMilli());
    }
}
