package com.aybiza.jobs.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionPhase;
import com.aybiza.events.ToolExecutionStatus;
import com.aybiza.jobs.ingest.RawRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentDayAggregationTest {

    private static final Duration UPDATE = Duration.ofSeconds(10);
    private static final Duration LATENESS = Duration.ofHours(2);
    private static final Instant DAY = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant NEXT_DAY = DAY.plus(Duration.ofDays(1));

    private KeyedOneInputStreamOperatorTestHarness<String, AgentDay, AgentDay> harness;
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

    private static KeyedOneInputStreamOperatorTestHarness<String, AgentDay, AgentDay> harness() throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AgentDayAggregation(new AgentPerformanceSettings(UPDATE, LATENESS))),
                AgentDay::key, Types.STRING);
        harness.setup(AgentDay.typeInfo().createSerializer(new ExecutionConfig().getSerializerConfig()));
        return harness;
    }

    private AgentDay call(Instant end, CallStatus status, String sentiment, Map<String, String> metadata) {
        CallEvent event = CallEvent.newBuilder(SampleEvents.callEvent()).setStatus(status).setEndTime(end)
                .setEventTime(end).setDurationSeconds(120)
                .setSentimentScore(sentiment == null ? null : new BigDecimal(sentiment)).setMetadata(metadata)
                .build();
        return AgentDay.ofCall(event, new RawRecord("aybiza.calls.v1", 0, offset++, 0, null, new byte[0]));
    }

    private AgentDay tool(Instant startedAt, String name, ToolExecutionPhase phase) {
        ToolExecutionEvent event = ToolExecutionEvent.newBuilder(SampleEvents.toolExecutionEvent())
                .setToolName(name).setPhase(phase)
                .setStatus(phase == ToolExecutionPhase.failed ? ToolExecutionStatus.failed
                        : phase == ToolExecutionPhase.completed ? ToolExecutionStatus.completed
                        : ToolExecutionStatus.running)
                .setStartedAt(startedAt).setEventTime(startedAt.plusSeconds(1))
                .setDurationMs(phase == ToolExecutionPhase.started ? null : 300).build();
        return AgentDay.ofTool(event, new RawRecord("aybiza.tool-executions.v1", 0, offset++, 0, null,
                new byte[0]));
    }

    private void add(AgentDay day) throws Exception {
        harness.processElement(new StreamRecord<>(day, day.latestEventTimeMillis));
    }

    private List<AgentDay> emitted() {
        List<AgentDay> days = harness.extractOutputValues();
        harness.getOutput().clear();
        return days;
    }

    @Test
    void aDayIsWrittenAtMostEveryUpdateIntervalWithEverythingSoFar() throws Exception {
        harness.setProcessingTime(0);
        add(call(DAY.plusSeconds(3600), CallStatus.completed, "0.50", Map.of()));
        add(call(DAY.plusSeconds(7200), CallStatus.failed, null, Map.of("escalated", "true")));
        add(tool(DAY.plusSeconds(7000), "lookup_order", ToolExecutionPhase.completed));
        add(tool(DAY.plusSeconds(7100), "lookup_order", ToolExecutionPhase.failed));
        assertThat(tool(DAY, "lookup_order", ToolExecutionPhase.started)).as("a started execution adds nothing")
                .isNull();
        assertThat(emitted()).as("nothing before the update interval").isEmpty();

        harness.setProcessingTime(UPDATE.toMillis());
        List<AgentDay> first = emitted();
        assertThat(first).hasSize(1);
        AgentDay day = first.get(0);
        assertThat(day.day()).hasToString("2026-11-30");
        assertThat(List.of(day.calls, day.successfulCalls, day.failedCalls, day.escalatedCalls,
                day.durationSecondsSum, day.sentimentHundredthsSum, day.sentimentCalls))
                .containsExactly(2L, 1L, 1L, 1L, 240L, 50L, 1L);
        assertThat(day.tools.get("lookup_order").executions).isEqualTo(2);
        assertThat(day.tools.get("lookup_order").failed).isEqualTo(1);
        assertThat(day.activity()).isEqualTo(4);

        harness.setProcessingTime(3 * UPDATE.toMillis());
        assertThat(emitted()).as("nothing new, nothing written").isEmpty();
        add(call(DAY.plusSeconds(9000), CallStatus.completed, null, Map.of()));
        harness.setProcessingTime(4 * UPDATE.toMillis());
        assertThat(emitted()).singleElement().satisfies(d -> assertThat(d.calls).isEqualTo(3));
    }

    @Test
    void aLateCallWithinTheLatenessUpdatesTheDayThenTheStateIsCleared() throws Exception {
        harness.setProcessingTime(0);
        add(call(DAY.plusSeconds(3600), CallStatus.completed, null, Map.of()));
        harness.processWatermark(new Watermark(NEXT_DAY.toEpochMilli() + 60_000));
        harness.setProcessingTime(UPDATE.toMillis());
        assertThat(emitted()).singleElement().satisfies(d -> assertThat(d.calls).isEqualTo(1));

        add(call(DAY.plusSeconds(80_000), CallStatus.completed, null, Map.of())); // late: the day has ended
        harness.setProcessingTime(2 * UPDATE.toMillis());
        assertThat(emitted()).singleElement().satisfies(d -> assertThat(d.calls).isEqualTo(2));

        // The watermark passes the day's end plus the lateness: nothing pending, so nothing more; state and timers go.
        harness.processWatermark(new Watermark(NEXT_DAY.plus(LATENESS).toEpochMilli()));
        assertThat(emitted()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void theWindowsEndEmitsWhatIsPendingAndLaterContributionsAreLeftOut() throws Exception {
        harness.setProcessingTime(0);
        add(call(DAY.plusSeconds(3600), CallStatus.completed, null, Map.of()));
        harness.processWatermark(new Watermark(NEXT_DAY.plus(LATENESS).toEpochMilli() - 1));
        assertThat(emitted()).as("the lateness not yet over").isEmpty();
        harness.processWatermark(new Watermark(NEXT_DAY.plus(LATENESS).toEpochMilli()));
        assertThat(emitted()).singleElement().satisfies(d -> assertThat(d.calls).isEqualTo(1));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).as("the early firing went with the window").isZero();

        add(call(DAY.plusSeconds(7200), CallStatus.completed, null, Map.of()));
        harness.setProcessingTime(10 * UPDATE.toMillis());
        assertThat(emitted()).as("a day started again from one late call would be a partial sum").isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void daysOfOtherAgentsOrOtherDaysAreKeptApart() throws Exception {
        harness.setProcessingTime(0);
        add(call(DAY.plusSeconds(3600), CallStatus.completed, null, Map.of()));
        add(call(NEXT_DAY.plusSeconds(3600), CallStatus.completed, null, Map.of()));
        harness.setProcessingTime(UPDATE.toMillis());
        assertThat(emitted()).extracting(d -> d.day().toString()).containsExactlyInAnyOrder("2026-11-30",
                "2026-12-01");
    }

    @Test
    void theHeldDaySurvivesASnapshotAndRestore() throws Exception {
        harness.setProcessingTime(0);
        add(call(DAY.plusSeconds(3600), CallStatus.completed, "-0.20", Map.of()));
        add(tool(DAY.plusSeconds(3000), "send_sms", ToolExecutionPhase.completed));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = harness();
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(0);
        add(call(DAY.plusSeconds(4000), CallStatus.completed, "0.40", Map.of()));
        harness.processWatermark(new Watermark(NEXT_DAY.plus(LATENESS).toEpochMilli()));
        assertThat(emitted()).singleElement().satisfies(d -> {
            assertThat(d.calls).isEqualTo(2);
            assertThat(d.sentimentHundredthsSum).isEqualTo(20);
            assertThat(d.tools).containsOnlyKeys("send_sms");
        });
    }
}
