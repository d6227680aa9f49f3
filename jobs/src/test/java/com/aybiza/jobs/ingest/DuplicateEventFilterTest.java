package com.aybiza.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.DeadLetter;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.UsageEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DuplicateEventFilterTest {

    private static final Duration RETENTION = Duration.ofHours(1);
    private static final long NOW = SampleEvents.T0.toEpochMilli();

    private KeyedOneInputStreamOperatorTestHarness<String, SourcedEvent<UsageEvent>, SourcedEvent<UsageEvent>> harness;

    @BeforeEach
    void open() throws Exception {
        harness = TestRecords.keyedHarness(new DuplicateEventFilter<>(RETENTION), UsageEvent.class);
        harness.open();
        harness.setProcessingTime(NOW);
        harness.setStateTtlProcessingTime(NOW);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(UsageEvent event, long offset) throws Exception {
        harness.processElement(TestRecords.sourced(event, offset), NOW);
    }

    private List<Long> passedOffsets() {
        return harness.extractOutputValues().stream().map(s -> s.source.offset).toList();
    }

    private List<DeadLetter> deadLetters() {
        var side = harness.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aRetriedEventIsDroppedAndEveryOtherEventPassesInOrder() throws Exception {
        UsageEvent first = SampleEvents.usageEvent();
        UsageEvent second = UsageEvent.newBuilder(first).setEventId(SampleEvents.id("usage-other")).build();
        UsageEvent otherTenant = UsageEvent.newBuilder(first).setTenantId(UUID.randomUUID()).build();

        send(first, 1);
        send(first, 2);
        send(second, 3);
        send(otherTenant, 4);
        send(first, 5);

        assertThat(passedOffsets()).containsExactly(1L, 3L, 4L);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void theSameEventIdWithOtherContentIsDeadLetteredAndTheFirstStands() throws Exception {
        UsageEvent first = SampleEvents.usageEvent();
        UsageEvent conflicting = UsageEvent.newBuilder(first).setQuantity(new BigDecimal("9.000000")).build();

        send(first, 1);
        send(conflicting, 2);

        assertThat(passedOffsets()).containsExactly(1L);
        assertThat(deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.getFailedStage().toString()).isEqualTo("deduplicate");
            assertThat(letter.getErrorClass().toString()).isEqualTo(ConflictingEventIdException.class.getName());
            assertThat(letter.getSourceOffset()).isEqualTo(2L);
            assertThat(letter.getErrorMessage().toString()).isEqualTo("event_id " + first.getEventId() + " of tenant '"
                    + SampleEvents.TENANT + "' was already taken by a different record within the last PT1H; "
                    + "the first one stands, this one is set aside");
        });
    }

    @Test
    void anEventIdIsForgottenOnceTheRetentionHasPassed() throws Exception {
        UsageEvent event = SampleEvents.usageEvent();
        send(event, 1);
        harness.setStateTtlProcessingTime(NOW + RETENTION.toMillis() - 1);
        send(event, 2);
        harness.setStateTtlProcessingTime(NOW + RETENTION.toMillis() + 1);
        send(event, 3);

        assertThat(passedOffsets()).containsExactly(1L, 3L);
    }

    @Test
    void theSeenIdsSurviveASnapshotAndRestore() throws Exception {
        UsageEvent event = SampleEvents.usageEvent();
        send(event, 1);
        var snapshot = harness.snapshot(1L, NOW);
        harness.close();

        harness = TestRecords.keyedHarness(new DuplicateEventFilter<>(RETENTION), UsageEvent.class);
        harness.initializeState(snapshot);
        harness.open();
        harness.setStateTtlProcessingTime(NOW);
        send(event, 2);

        assertThat(passedOffsets()).isEmpty();
    }
}
