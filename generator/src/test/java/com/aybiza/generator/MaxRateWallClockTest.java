package com.aybiza.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.EventCodec;
import com.aybiza.events.EventTopic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --rate max never hands an event on before the wall clock has reached its event time, however fast the machine. */
class MaxRateWallClockTest {

    private static final Map<String, EventCodec<? extends SpecificRecord>> CODECS = Arrays.stream(EventTopic.values())
            .collect(Collectors.toMap(EventTopic::topicName, t -> EventCodec.forType(t.eventType()), (a, b) -> a));

    private record Handed(Instant eventTime, Instant received) {}

    private static List<Handed> runAtMaxRate(Instant start, double density) throws Exception {
        // No malformed records: the far-future kind is ahead of the clock on purpose.
        GeneratorSettings settings = new GeneratorSettings("unused:9092", OptionalDouble.empty(),
                Duration.ofMillis(1_500), 6, 18, 42, 0, start, 30, Optional.empty(), Optional.empty(),
                Duration.ofHours(1));
        ClockedSink sink = new ClockedSink();
        new EventGenerator(settings, new PrintWriter(new StringWriter()), true, density)
                .run(ReferenceDataFactory.create(42, 6, 18), sink);
        return sink.records.stream().map(r -> {
            SpecificRecord event = CODECS.get(r.record().topic()).decode(r.record().value());
            Instant eventTime = (Instant) event.get(event.getSchema().getField("event_time").pos());
            return new Handed(eventTime, Instant.ofEpochMilli(r.receivedMillis()));
        }).toList();
    }

    /**
     * Event time laid out at 2,000 events/s plays a machine many times faster than the density (the generator makes
     * 14,000 events/s in a cold JVM on the 2-core development machine): without the gate, event times would run
     * seconds ahead of the clock. The last case is the density the command line uses.
     */
    @ParameterizedTest(name = "start {0} ms from now, {1} events per second of event time")
    @CsvSource({"-2000, 2000", "0, 2000", "300, 2000", "0, 100000"})
    void noEventIsHandedToTheSinkBeforeTheWallClockReachesItsEventTime(long startFromNowMillis, double density)
            throws Exception {
        Instant before = Instant.now();
        Instant start = before.plusMillis(startFromNowMillis);

        List<Handed> handed = runAtMaxRate(start, density);

        assertThat(handed).hasSizeGreaterThan(500)
                .allSatisfy(h -> assertThat(h.eventTime()).isBeforeOrEqualTo(h.received()));
        if (startFromNowMillis < 0) {
            // From a start in the past it does not wait: the first events are older than the run.
            assertThat(handed.get(0).eventTime()).isBefore(before);
        } else if (density < GeneratorSettings.NOMINAL_MAX_RATE) {
            // The run waited for its start, then kept up with the clock: held back, not merely slow.
            assertThat(handed.get(0).received()).isAfterOrEqualTo(start.truncatedTo(ChronoUnit.MILLIS));
            Handed last = handed.get(handed.size() - 1);
            assertThat(last.eventTime()).isAfter(last.received().minusSeconds(1));
        }
    }
}
