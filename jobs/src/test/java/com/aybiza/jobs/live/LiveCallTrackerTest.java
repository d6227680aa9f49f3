package com.aybiza.jobs.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionPhase;
import com.aybiza.events.ToolExecutionStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveCallTrackerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant END = START.plusSeconds(120);
    private static final String SID = "CA-LIVE-1";

    private KeyedOneInputStreamOperatorTestHarness<String, CallActivity, LiveItem> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new LiveCallTracker()),
                CallActivity::callKey, Types.STRING);
        harness.setup(TypeInformation.of(LiveItem.class)
                .createSerializer(new ExecutionConfig().getSerializerConfig()));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    static CallEvent call(CallStatus status, Instant at) {
        boolean ended = status == CallStatus.completed || status == CallStatus.failed;
        return CallEvent.newBuilder(SampleEvents.callEvent()).setEventId(UUID.randomUUID()).setCallSid(SID)
                .setStatus(status).setEventTime(at).setStartTime(START)
                .setAnswerTime(status == CallStatus.initiated ? null : START.plusSeconds(3))
                .setEndTime(ended ? END : null).setTurns(List.of())
                .setQualityScore(ended ? new BigDecimal("0.90") : null)
                .setSentimentScore(ended ? new BigDecimal("0.40") : null).build();
    }

    static CallTurnEvent turn(int index, int stt, int llm, int tts, Integer tool, boolean interrupted) {
        return CallTurnEvent.newBuilder().setEventId(UUID.randomUUID()).setEventTime(START.plusSeconds(10L + index))
                .setOrganizationId(SampleEvents.ORGANIZATION).setTenantId(SampleEvents.TENANT)
                .setAgentId(SampleEvents.AGENT).setCallSid(SID).setTurnIndex(index).setSttLatencyMs(stt)
                .setLlmFirstTokenMs(llm).setLlmTotalLatencyMs(llm + 400).setTtsFirstAudioMs(tts)
                .setTtsTotalLatencyMs(tts + 900).setToolLatencyMs(tool).setInterrupted(interrupted).setTokens(50)
                .setCostUsd(new BigDecimal("0.001500")).setModelUsed("claude-sonnet-4").build();
    }

    static ToolExecutionEvent tool(String execution, ToolExecutionPhase phase) {
        return ToolExecutionEvent.newBuilder(SampleEvents.toolExecutionEvent()).setEventId(UUID.randomUUID())
                .setCallSid(SID).setExecutionId(UUID.nameUUIDFromBytes(execution.getBytes())).setPhase(phase)
                .setStatus(phase == ToolExecutionPhase.started ? ToolExecutionStatus.running
                        : phase == ToolExecutionPhase.completed ? ToolExecutionStatus.completed
                        : ToolExecutionStatus.failed)
                .setEventTime(START.plusSeconds(30)).build();
    }

    private void send(CallActivity activity) throws Exception {
        harness.processElement(new StreamRecord<>(activity, activity.eventTime().toEpochMilli()));
    }

    private List<JsonNode> items() throws Exception {
        List<JsonNode> items = new ArrayList<>();
        for (LiveItem item : harness.extractOutputValues()) {
            assertThat(item.table).isEqualTo("RealtimeCallState");
            items.add(JSON.readTree(item.json));
        }
        harness.getOutput().clear();
        return items;
    }

    @Test
    void aLiveCallShowsItsTurnsLatencySplitToolsCostAndRunningScore() throws Exception {
        send(CallActivity.of(call(CallStatus.initiated, START)));
        JsonNode first = items().get(0);
        assertThat(first.get("call_sid").asText()).isEqualTo(SID);
        assertThat(first.get("timestamp").asLong()).as("the call's start: one item per call")
                .isEqualTo(START.toEpochMilli());
        assertThat(first.get("live").asBoolean()).isTrue();
        assertThat(first.get("turns").asInt()).isZero();

        send(CallActivity.of(call(CallStatus.answered, START.plusSeconds(3))));
        for (int i = 0; i < 19; i++) {
            send(CallActivity.of(turn(i, 100, 300, 100, null, false))); // 500 ms waits
        }
        send(CallActivity.of(turn(19, 200, 1500, 300, 800, true))); // a slow, interrupted turn with a tool
        send(CallActivity.of(tool("exec-1", ToolExecutionPhase.started)));
        send(CallActivity.of(tool("exec-1", ToolExecutionPhase.failed)));
        List<JsonNode> written = items();
        assertThat(written).hasSize(23);
        JsonNode live = written.get(written.size() - 1);
        assertThat(live.get("status").asText()).isEqualTo("answered");
        assertThat(live.get("turns").asInt()).isEqualTo(20);
        assertThat(live.get("interruptions").asInt()).isOne();
        assertThat(live.at("/last_turn/llm_first_token_ms").asInt()).isEqualTo(1500);
        assertThat(live.at("/last_turn/tool_ms").asInt()).isEqualTo(800);
        assertThat(live.at("/last_turn/total_ms").asInt()).isEqualTo(2000);
        assertThat(live.at("/p95_turn/total_ms").asInt()).as("nearest rank: the 19th of 20").isEqualTo(500);
        assertThat(live.at("/p95_turn/tool_ms").asInt()).isEqualTo(800);
        assertThat(live.get("tool_calls").asInt()).isOne();
        assertThat(live.get("failed_tool_calls").asInt()).isOne();
        assertThat(live.get("running_cost_usd").decimalValue()).isEqualByComparingTo("0.030000");
        assertThat(live.get("quality_model").asText()).isEqualTo("aybiza-quality-1");
        assertThat(live.get("quality_issues").toString()).contains("failed_tool_calls");
        assertThat(live.get("ttl").asLong()).isEqualTo(START.plusSeconds(30).getEpochSecond() + 3600);
    }

    @Test
    void anEndedCallIsWrittenNotLiveWithATtlMinutesAfterItsEndAndNothingBringsItBack() throws Exception {
        send(CallActivity.of(call(CallStatus.initiated, START)));
        send(CallActivity.of(turn(0, 100, 300, 100, null, false)));
        send(CallActivity.of(call(CallStatus.completed, END)));
        List<JsonNode> written = items();
        JsonNode ended = written.get(written.size() - 1);
        assertThat(ended.get("live").asBoolean()).isFalse();
        assertThat(ended.get("status").asText()).isEqualTo("completed");
        assertThat(ended.get("ended_at").asText()).isEqualTo(END.toString());
        assertThat(ended.get("ttl").asLong()).isEqualTo(END.getEpochSecond() + LiveCallTracker.ENDED_TTL_SECONDS);

        send(CallActivity.of(turn(1, 100, 300, 100, null, false))); // late, but the call's own
        send(CallActivity.of(call(CallStatus.answered, START.plusSeconds(3)))); // out of order
        assertThat(items()).as("an ended call is not brought back to life; a late turn completes it")
                .allSatisfy(item -> {
                    assertThat(item.get("live").asBoolean()).isFalse();
                    assertThat(item.get("status").asText()).isEqualTo("completed");
                    assertThat(item.get("turns").asInt()).isEqualTo(2);
                });

        harness.processWatermark(new Watermark(END.plus(Duration.ofHours(1)).toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).as("remembered for an hour, then forgotten").isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        send(CallActivity.of(turn(2, 100, 300, 100, null, false)));
        assertThat(items()).as("an hour behind the watermark is too late for live state").isEmpty();
    }

    @Test
    void theSameEventsInAnyOrderMakeTheSameItem() throws Exception {
        List<CallActivity> events = List.of(CallActivity.of(call(CallStatus.initiated, START)),
                CallActivity.of(turn(0, 100, 300, 100, null, false)), CallActivity.of(turn(1, 90, 900, 120, 300, true)),
                CallActivity.of(tool("exec-1", ToolExecutionPhase.started)),
                CallActivity.of(tool("exec-1", ToolExecutionPhase.completed)),
                CallActivity.of(call(CallStatus.completed, END)));
        for (CallActivity event : events) {
            send(event);
        }
        List<JsonNode> inOrder = items();
        harness.close();
        open();
        for (int i = events.size() - 1; i >= 0; i--) {
            send(events.get(i));
        }
        List<JsonNode> reversed = items();
        assertThat(reversed.get(reversed.size() - 1)).isEqualTo(inOrder.get(inOrder.size() - 1));
    }

    @Test
    void aTurnBeforeTheCallsFirstLifecycleEventWaitsForItsStart() throws Exception {
        send(CallActivity.of(turn(0, 100, 300, 100, null, false)));
        assertThat(items()).as("no start, no sort key yet").isEmpty();
        send(CallActivity.of(call(CallStatus.initiated, START)));
        List<JsonNode> written = items();
        assertThat(written).singleElement().satisfies(item -> assertThat(item.get("turns").asInt()).isOne());
    }
}
