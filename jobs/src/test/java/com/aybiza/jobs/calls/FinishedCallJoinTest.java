package com.aybiza.jobs.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionPhase;
import com.aybiza.events.ToolExecutionStatus;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.ingest.TestRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FinishedCallJoinTest {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final CallAnalyticsSettings SETTINGS = CallAnalyticsSettings.defaults()
            .withToolOutcomeGrace(GRACE).withToolOutcomeRetention(RETENTION);
    private static final Instant END = SampleEvents.T0.plusSeconds(185);

    private KeyedTwoInputStreamOperatorTestHarness<String, EnrichedEvent<CallEvent>, EnrichedEvent<ToolExecutionEvent>,
            FinishedCall> harness;
    private long offset;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, EnrichedEvent<CallEvent>,
            EnrichedEvent<ToolExecutionEvent>, FinishedCall> harness() throws Exception {
        var harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new FinishedCallJoin(SETTINGS)),
                (EnrichedEvent<CallEvent> c) -> FinishedCallJoin.key(c.event.getTenantId(), c.event.getCallSid()),
                (EnrichedEvent<ToolExecutionEvent> t) -> FinishedCallJoin.key(t.event.getTenantId(),
                        t.event.getCallSid()),
                Types.STRING);
        harness.setup(FinishedCall.typeInfo().createSerializer(new ExecutionConfig().getSerializerConfig()));
        return harness;
    }

    @Test
    void aFinishedCallIsEmittedAtTheLatestTheGraceAfterItArrivedWhenTheWatermarkStalls() throws Exception {
        harness.setProcessingTime(1_000);
        tool("x1", ToolExecutionPhase.completed, SampleEvents.T0.plusSeconds(20));
        call(CallStatus.completed, END);
        // Traffic pauses: no watermark passes the end. A grace of wall-clock time later the call is written anyway.
        harness.setProcessingTime(1_000 + GRACE.toMillis() - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.setProcessingTime(1_000 + GRACE.toMillis());
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(f -> assertThat(f.toolCalls).isEqualTo(1));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void countsOutcomesThatComeBeforeTheEndOrWithinTheGraceAndNotAfter() throws Exception {
        tool("x1", ToolExecutionPhase.completed, SampleEvents.T0.plusSeconds(20));
        tool("x2", ToolExecutionPhase.started, SampleEvents.T0.plusSeconds(30));
        tool("x2", ToolExecutionPhase.failed, SampleEvents.T0.plusSeconds(31));
        call(CallStatus.completed, END);
        watermark(END.plusSeconds(10));
        tool("x3", ToolExecutionPhase.completed, END.plusSeconds(2)); // a straggler, within the grace
        assertThat(harness.extractOutputValues()).isEmpty();

        watermark(END.plus(GRACE));
        assertThat(harness.extractOutputValues()).singleElement().satisfies(f -> {
            assertThat(f.event.getCallSid()).isEqualTo(SampleEvents.CALL_SID);
            assertThat(f.event.getStatus()).isEqualTo(CallStatus.completed);
            assertThat(List.of(f.toolCalls, f.successfulToolCalls, f.failedToolCalls)).containsExactly(3, 2, 1);
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        tool("x4", ToolExecutionPhase.completed, END.plusSeconds(3)); // after the grace: the call was written
        watermark(END.plusSeconds(3).plus(RETENTION));
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).as("the late outcome is dropped in the end").isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anExecutionCountsOnceByItsMostAdvancedOutcomeWhateverTheOrder() throws Exception {
        tool("x1", ToolExecutionPhase.completed, SampleEvents.T0.plusSeconds(21));
        tool("x1", ToolExecutionPhase.started, SampleEvents.T0.plusSeconds(20)); // late: changes nothing
        tool("x2", ToolExecutionPhase.started, SampleEvents.T0.plusSeconds(40)); // never finished
        call(CallStatus.completed, END);
        watermark(END.plus(GRACE));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(f ->
                assertThat(List.of(f.toolCalls, f.successfulToolCalls, f.failedToolCalls)).containsExactly(2, 1, 0));
    }

    @Test
    void aLaterWinningFinalEventReplacesTheHeldOneAndMovesTheTimer() throws Exception {
        call(CallStatus.failed, END);
        call(CallStatus.completed, END.plusSeconds(20));
        call(CallStatus.busy, END.plusSeconds(5)); // loses to completed: no effect
        watermark(END.plus(GRACE));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isOne();

        watermark(END.plusSeconds(20).plus(GRACE));
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(f -> assertThat(f.event.getStatus()).isEqualTo(CallStatus.completed));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void outcomesOfACallThatNeverEndsAreDroppedAfterTheRetention() throws Exception {
        Instant started = SampleEvents.T0.plusSeconds(20);
        tool("x1", ToolExecutionPhase.started, started);
        tool("x1", ToolExecutionPhase.completed, started.plusSeconds(2));
        assertThat(harness.numEventTimeTimers()).isOne();

        watermark(started.plus(RETENTION).minusMillis(1));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        watermark(started.plus(RETENTION));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aCallNotYetEndedIsNoFinishedCall() throws Exception {
        call(CallStatus.answered, null);
        watermark(END.plus(RETENTION));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void theHeldCallAndOutcomesSurviveASnapshotAndRestore() throws Exception {
        tool("x1", ToolExecutionPhase.failed, SampleEvents.T0.plusSeconds(20));
        call(CallStatus.completed, END);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = harness();
        harness.initializeState(snapshot);
        harness.open();
        tool("x2", ToolExecutionPhase.completed, END.plusSeconds(1));
        watermark(END.plus(GRACE));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(f -> {
            assertThat(f.event.getStatus()).isEqualTo(CallStatus.completed);
            assertThat(f.source.offset).as("the call's own record, for dead-lettering").isEqualTo(1L);
            assertThat(List.of(f.toolCalls, f.successfulToolCalls, f.failedToolCalls)).containsExactly(2, 1, 1);
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private void call(CallStatus status, Instant end) throws Exception {
        CallEvent event = CallEvent.newBuilder(SampleEvents.callEvent()).setStatus(status).setEndTime(end)
                .setEventTime(end == null ? SampleEvents.T0 : end).setEventId(SampleEvents.id(status.name())).build();
        harness.processElement1(new StreamRecord<>(enriched(event), event.getEventTime().toEpochMilli()));
    }

    private void tool(String execution, ToolExecutionPhase phase, Instant at) throws Exception {
        boolean finished = phase != ToolExecutionPhase.started;
        ToolExecutionEvent event = ToolExecutionEvent.newBuilder(SampleEvents.toolExecutionEvent())
                .setEventId(SampleEvents.id(execution + phase)).setExecutionId(SampleEvents.id(execution))
                .setPhase(phase).setStatus(switch (phase) {
                    case started -> ToolExecutionStatus.running;
                    case completed -> ToolExecutionStatus.completed;
                    case failed -> ToolExecutionStatus.failed;
                })
                .setEventTime(at).setStartedAt(finished ? at.minusSeconds(1) : at)
                .setCompletedAt(finished ? at : null).setDurationMs(finished ? 1000 : null).build();
        harness.processElement2(new StreamRecord<>(enriched(event), at.toEpochMilli()));
    }

    private <T extends org.apache.avro.specific.SpecificRecordBase> EnrichedEvent<T> enriched(T event) {
        return new EnrichedEvent<>(TestRecords.sourced(event, offset++), null, null);
    }

    private void watermark(Instant at) throws Exception {
        harness.processBothWatermarks(new Watermark(at.toEpochMilli()));
    }
}
