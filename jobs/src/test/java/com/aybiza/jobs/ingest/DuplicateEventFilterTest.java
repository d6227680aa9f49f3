package com.aybiza.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.ApiAccessLogEntry;
import com.aybiza.events.DeadLetter;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.SecurityEvent;
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
        harness = TestRecords.keyedHarness(new DuplicateEventFilter<>(UsageEvent.class, RETENTION), UsageEvent.class);
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

    private static UsageEvent ofTenant(UUID tenant) {
        return UsageEvent.newBuilder(SampleEvents.usageEvent()).setTenantId(tenant).build();
    }

    @Test
    void dropsARetriedEventAndPassesEveryOtherEventInOrder() throws Exception {
        UsageEvent first = SampleEvents.usageEvent();
        UsageEvent second = UsageEvent.newBuilder(first).setEventId(SampleEvents.id("usage-other")).build();
        UsageEvent otherTenant = ofTenant(UUID.randomUUID());

        send(first, 1);
        send(first, 2);
        send(second, 3);
        send(otherTenant, 4);
        send(first, 5);

        assertThat(passedOffsets()).containsExactly(1L, 3L, 4L);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void deadLettersTheSameEventIdWithOtherContentAndTheFirstStands() throws Exception {
        UsageEvent first = SampleEvents.usageEvent();
        UsageEvent conflicting = UsageEvent.newBuilder(first).setQuantity(new BigDecimal("9.000000")).build();

        send(first, 1);
        send(conflicting, 2);

        assertThat(passedOffsets()).containsExactly(1L);
        assertThat(deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.getFailedStage().toString()).isEqualTo("deduplicate");
            assertThat(letter.getErrorClass().toString()).isEqualTo(ConflictingEventIdException.class.getName());
            assertThat(letter.getSourceOffset()).isEqualTo(2L);
            assertThat(letter.getErrorMessage().toString()).isEqualTo("event_id " + first.getEventId() + " in scope "
                    + SampleEvents.TENANT + " was already taken by a different record within the last PT1H; "
                    + "the first one stands, this one is set aside");
        });
    }

    @Test
    void aRetryInANewerWriterSchemaIsStillADuplicate() throws Exception {
        UsageEvent event = SampleEvents.usageEvent();
        send(event, 1);
        // Other bytes on the wire (as a newer schema version would write them), the same event once decoded.
        harness.processElement(TestRecords.sourced(event, 2, new byte[] {9, 9, 9}), NOW);

        assertThat(passedOffsets()).containsExactly(1L);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void tenantlessEventsAreScopedByTheirOrganization() throws Exception {
        try (var security = TestRecords.keyedHarness(
                new DuplicateEventFilter<>(SecurityEvent.class, RETENTION), SecurityEvent.class)) {
            security.open();
            Object payload = SampleEvents.securityPayloads().stream().filter(ApiAccessLogEntry.class::isInstance)
                    .findFirst().orElseThrow();
            SecurityEvent ofOrganization = SecurityEvent.newBuilder(SampleEvents.securityEvent(payload)).setTenantId(null).build();
            SecurityEvent sameIdOtherOrganization = SecurityEvent.newBuilder(ofOrganization)
                    .setOrganizationId(UUID.randomUUID()).build();
            SecurityEvent unattributed = SecurityEvent.newBuilder(ofOrganization).setOrganizationId(null).build();

            security.processElement(TestRecords.sourced(ofOrganization, 1), NOW);
            security.processElement(TestRecords.sourced(sameIdOtherOrganization, 2), NOW);
            security.processElement(TestRecords.sourced(unattributed, 3), NOW);
            security.processElement(TestRecords.sourced(unattributed, 4), NOW);

            assertThat(security.extractOutputValues()).extracting(s -> s.source.offset).containsExactly(1L, 2L, 3L);
            assertThat(security.getSideOutput(DeadLetters.TAG)).isNullOrEmpty();
        }
    }

    @Test
    void forgetsAnEventIdOnceTheRetentionHasPassed() throws Exception {
        UsageEvent event = SampleEvents.usageEvent();
        send(event, 1);
        harness.setStateTtlProcessingTime(NOW + RETENTION.toMillis() - 1);
        send(event, 2);
        harness.setStateTtlProcessingTime(NOW + RETENTION.toMillis() + 1);
        send(event, 3);

        assertThat(passedOffsets()).containsExactly(1L, 3L);
    }

    @Test
    void removesAScopesStateOnceItsIdsHaveExpired() throws Exception {
        UUID quiet = UUID.randomUUID(), busy = UUID.randomUUID();
        send(ofTenant(quiet), 1);
        send(ofTenant(busy), 2);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(4); // per scope: its ids and its sweep
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);

        // Half-way, the busy scope sees a new id: at the first sweep it still holds one, the quiet scope none.
        harness.setStateTtlProcessingTime(NOW + RETENTION.toMillis() / 2);
        harness.processElement(TestRecords.sourced(UsageEvent.newBuilder(ofTenant(busy))
                .setEventId(UUID.randomUUID()).build(), 3), NOW);
        harness.setStateTtlProcessingTime(NOW + RETENTION.toMillis() + 1);
        harness.setProcessingTime(NOW + RETENTION.toMillis() + 1);

        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setStateTtlProcessingTime(NOW + 2 * RETENTION.toMillis() + 2);
        harness.setProcessingTime(NOW + 2 * RETENTION.toMillis() + 2);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void theSeenIdsSurviveASnapshotAndRestore() throws Exception {
        UsageEvent event = SampleEvents.usageEvent();
        send(event, 1);
        var snapshot = harness.snapshot(1L, NOW);
        harness.close();

        harness = TestRecords.keyedHarness(new DuplicateEventFilter<>(UsageEvent.class, RETENTION), UsageEvent.class);
        harness.initializeState(snapshot);
        harness.open();
        harness.setStateTtlProcessingTime(NOW);
        send(event, 2);
        send(UsageEvent.newBuilder(event).setQuantity(new BigDecimal("9.000000")).build(), 3);

        assertThat(passedOffsets()).isEmpty();
        assertThat(deadLetters()).extracting(DeadLetter::getSourceOffset).containsExactly(3L);
    }
}
