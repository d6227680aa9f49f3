package com.aybiza.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.DeadLetter;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.UsageEvent;
import com.aybiza.jobs.ingest.ContractFields;
import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.SourcedEvent;
import com.aybiza.jobs.ingest.TestRecords;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events whose tenant is unknown wait in keyed state and are looked up again: one whose tenant appears within the grace
 * comes out enriched, one whose tenant never appears is dead-lettered once the grace has passed, and the state and
 * timers they used are gone afterwards. Waiting events survive a snapshot and restore, and at the end of a bounded
 * input they are dead-lettered rather than lost.
 */
class UnresolvedReferenceRetryIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final Duration GRACE = Duration.ofMinutes(2);
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final UUID LATE = UUID.fromString("00000000-0000-4000-8000-000000000301");
    private static final UUID NEVER = UUID.fromString("00000000-0000-4000-8000-000000000302");

    private DatabaseSettings database;
    private ReferenceDataSettings settings;

    @BeforeEach
    void referenceData() throws Exception {
        database = POSTGRES.settings(POSTGRES.newDatabase());
        new SchemaMigrator(database).migrate();
        try (ReferenceRows rows = new ReferenceRows(database)) {
            rows.organization(SampleEvents.ORGANIZATION);
        }
        settings = new ReferenceDataSettings(database, Duration.ofMinutes(1), Duration.ofSeconds(1),
                Duration.ofSeconds(10)).withUnknownReferenceGrace(GRACE, INTERVAL);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent<UsageEvent>, EnrichedEvent<UsageEvent>> harness()
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new UnresolvedReferenceRetryOperator<>(new UnresolvedReferenceRetry<>(UsageEvent.class, settings)),
                (EnrichedEvent<UsageEvent> e) -> ContractFields.partitionKey(e.event), Types.STRING);
        harness.setup(EnrichedEvent.enrichedTypeInfo(UsageEvent.class)
                .createSerializer(new ExecutionConfig().getSerializerConfig()));
        return harness;
    }

    @Test
    void anEnrichedEventPassesAtOnceAndLeavesNoState() throws Exception {
        try (var harness = harness()) {
            harness.setProcessingTime(1_000);
            harness.open();
            EnrichedEvent<UsageEvent> enriched = new EnrichedEvent<>(sourcedUsageOf(SampleEvents.TENANT, 7),
                    null, null);
            harness.processElement(enriched, 0);
            assertThat(harness.extractOutputValues()).containsExactly(enriched);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void aTenantCreatedWithinTheGraceIsFoundAndOneNeverCreatedIsDeadLetteredThenStateIsGone() throws Exception {
        try (var harness = harness()) {
            harness.setProcessingTime(1_000);
            harness.open();
            harness.processElement(usageOf(LATE, 1), 0);
            harness.processElement(usageOf(NEVER, 2), 0);
            harness.setProcessingTime(1_000 + INTERVAL.toMillis());
            assertThat(harness.extractOutputValues()).isEmpty();

            try (ReferenceRows rows = new ReferenceRows(database)) {
                rows.tenant(LATE, SampleEvents.ORGANIZATION, "Late Ltd", "starter");
            }
            harness.setProcessingTime(1_000 + 2 * INTERVAL.toMillis());
            assertThat(harness.extractOutputValues()).extracting(e -> e.source.offset, e -> e.tenantName)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "Late Ltd"));
            assertThat(deadLetters(harness)).isEmpty();

            harness.setProcessingTime(1_000 + GRACE.toMillis() + INTERVAL.toMillis());
            assertThat(deadLetters(harness)).singleElement().satisfies(letter -> {
                assertThat(letter.getFailedStage()).isEqualTo(DeadLetters.ENRICH);
                assertThat(letter.getSourceOffset()).isEqualTo(2L);
                assertThat(letter.getErrorMessage()).contains("unknown tenant_id " + NEVER)
                        .contains("still unknown after PT2M of lookups");
            });
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void waitingEventsSurviveARestoreAndAreDeadLetteredAtTheEndOfABoundedInput() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.setProcessingTime(1_000);
            harness.open();
            harness.processElement(usageOf(LATE, 1), 0);
            harness.processElement(usageOf(NEVER, 2), 0);
            snapshot = harness.snapshot(1, 1_500);
        }
        try (ReferenceRows rows = new ReferenceRows(database)) {
            rows.tenant(LATE, SampleEvents.ORGANIZATION, "Late Ltd", "starter");
        }
        try (var restored = harness()) {
            restored.setProcessingTime(1_500);
            restored.initializeState(snapshot);
            restored.open();
            restored.setProcessingTime(1_000 + INTERVAL.toMillis());
            assertThat(restored.extractOutputValues()).extracting(e -> e.source.offset).containsExactly(1L);

            restored.endInput();
            assertThat(deadLetters(restored)).extracting(DeadLetter::getSourceOffset).containsExactly(2L);
            assertThat(deadLetters(restored).get(0).getErrorMessage()).contains("the input ended while it waited");
            assertThat(restored.numKeyedStateEntries()).isZero();
        }
    }

    private static List<DeadLetter> deadLetters(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> harness) {
        var side = harness.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(r -> r.getValue()).toList();
    }

    /** An event enrichment passed on because its tenant is unknown. */
    private static EnrichedEvent<UsageEvent> usageOf(UUID tenant, long offset) {
        return EnrichedEvent.awaitingReferences(sourcedUsageOf(tenant, offset));
    }

    private static SourcedEvent<UsageEvent> sourcedUsageOf(UUID tenant, long offset) {
        return TestRecords.sourced(UsageEvent.newBuilder(SampleEvents.usageEvent()).setTenantId(tenant)
                .setAgentId(null).setEventId(UUID.nameUUIDFromBytes(("u" + offset).getBytes())).build(), offset);
    }
}
