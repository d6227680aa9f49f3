package com.aybiza.jobs.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.DeadLetter;
import com.aybiza.events.SecurityEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.TestRecords;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The split: every payload type to its own table's side output, and nothing anywhere else. */
class SecurityEventSplitTest {

    private static final SecurityEventFixtures EVENTS = new SecurityEventFixtures(UUID.randomUUID(),
            UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

    @Test
    void sendsEachPayloadTypeToItsTableOnly() throws Exception {
        SecurityEvent[] events = EVENTS.oneOfEach("split");
        try (var harness = harness()) {
            for (int i = 0; i < events.length; i++) {
                harness.processElement(enriched(events[i], i), i);
            }
            for (int i = 0; i < events.length; i++) {
                SecurityTable<?> table = SecurityTable.ALL.get(i);
                SecurityEvent expected = events[i];
                assertThat(sideOutput(harness, table)).as(table.name()).singleElement().satisfies(e -> {
                    assertThat(e.event).isEqualTo(expected);
                    assertThat(e.event.getPayload()).isInstanceOf(table.payloadType());
                });
            }
            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.getSideOutput(DeadLetters.TAG)).isNull();
        }
    }

    @Test
    void everyPayloadTypeOfTheContractHasATableAndEachTableOneType() {
        Schema payload = SecurityEvent.getClassSchema().getField("payload").schema();
        List<Class<?>> branches = payload.getTypes().stream()
                .<Class<?>>map(s -> SpecificData.get().getClass(s)).toList();
        assertThat(branches).hasSize(SecurityTable.ALL.size());
        for (Class<?> type : branches) {
            Object instance = SpecificData.newInstance(type, null);
            assertThat(SecurityTable.forPayload(instance)).as(type.getSimpleName()).isNotNull()
                    .satisfies(t -> assertThat(t.payloadType()).isEqualTo(type));
        }
        assertThat(SecurityTable.ALL.stream().map(SecurityTable::name).distinct()).hasSize(branches.size());
        assertThat(SecurityTable.ALL.stream().map(SecurityEventsJob::sinkUid).distinct()).hasSize(branches.size());
    }

    @Test
    void deadLettersAPayloadNoTableStores() throws Exception {
        SecurityEvent foreign = EVENTS.audit("foreign");
        foreign.setPayload(DeadLetter.newBuilder().setSourceTopic("x").setSourcePartition(0).setSourceOffset(0)
                .setFailedStage("x").setErrorClass("x").setErrorMessage("x").setFailedAt(SecurityEventFixtures.T0)
                .setOriginalValue(ByteBuffer.allocate(0)).build());
        try (var harness = harness()) {
            // Bytes the codec would never write: the event itself cannot be encoded.
            harness.processElement(new EnrichedEvent<>(TestRecords.sourced(foreign, 42, new byte[] {1}), null, null),
                    0);
            assertThat(harness.getSideOutput(DeadLetters.TAG)).singleElement().satisfies(r -> {
                assertThat(r.getValue().getFailedStage()).isEqualTo(SecurityEventSplit.STAGE);
                assertThat(r.getValue().getSourceOffset()).isEqualTo(42);
                assertThat(r.getValue().getErrorMessage()).contains(DeadLetter.class.getName());
            });
            assertThat(SecurityTable.ALL.stream().map(t -> harness.getSideOutput(t.tag())).filter(Objects::nonNull))
                    .isEmpty();
        }
    }

    private static OneInputStreamOperatorTestHarness<EnrichedEvent<SecurityEvent>, EnrichedEvent<SecurityEvent>>
            harness() throws Exception {
        var harness = TestRecords.harness(new SecurityEventSplit(),
                EnrichedEvent.enrichedTypeInfo(SecurityEvent.class));
        harness.open();
        return harness;
    }

    private static EnrichedEvent<SecurityEvent> enriched(SecurityEvent event, long offset) {
        return new EnrichedEvent<>(TestRecords.sourced(event, offset), null, null);
    }

    private static List<EnrichedEvent<SecurityEvent>> sideOutput(
            OneInputStreamOperatorTestHarness<?, ?> harness, SecurityTable<?> table) {
        var records = harness.getSideOutput(table.tag());
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
