package com.aybiza.jobs.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallStatus;
import com.aybiza.events.ToolExecutionPhase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

class AgentSessionTrackerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private KeyedOneInputStreamOperatorTestHarness<String, CallActivity, LiveItem> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new AgentSessionTracker(1000)), CallActivity::agentKey, Types.STRING);
        harness.setup(TypeInformation.of(LiveItem.class).createSerializer(new ExecutionConfig().getSerializerConfig()));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(CallActivity activity) throws Exception {
        harness.processElement(new StreamRecord<>(activity, activity.eventTime().toEpochMilli()));
    }

    private List<JsonNode> items() throws Exception {
        List<JsonNode> items = new ArrayList<>();
        for (LiveItem item : harness.extractOutputValues()) {
            items.add(JSON.readTree(item.json));
        }
        harness.getOutput().clear();
        return items;
    }

    @Test
    void anAgentsSessionIsWrittenAtMostOncePerIntervalWithItsCallsToolsAndTurns() throws Exception {
        harness.setProcessingTime(0);
        send(CallActivity.of(LiveCallTrackerTest.call(CallStatus.initiated, Instant.parse("2026-11-30T10:00:00Z"))));
        send(CallActivity.of(LiveCallTrackerTest.turn(0, 100, 300, 100, null, false)));
        send(CallActivity.of(LiveCallTrackerTest.tool("exec-9", ToolExecutionPhase.started)));
        assertThat(items()).as("coalesced until the interval").isEmpty();

        harness.setProcessingTime(1000);
        JsonNode session = items().get(0);
        assertThat(session.get("agent_session_id").asText()).isEqualTo(session.get("agent_id").asText());
        assertThat(session.get("timestamp").asLong()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z").toEpochMilli());
        assertThat(session.get("model_in_use").asText()).isEqualTo("claude-sonnet-4");
        assertThat(session.get("thinking_state").asText()).isEqualTo("thinking");
        assertThat(session.at("/session_state/calls_in_progress").asInt()).isOne();
        assertThat(session.get("active_tools")).hasSize(1);
        assertThat(session.get("conversation_buffer")).hasSize(1);

        send(CallActivity.of(LiveCallTrackerTest.tool("exec-9", ToolExecutionPhase.completed)));
        send(CallActivity.of(LiveCallTrackerTest.call(CallStatus.completed,
                Instant.parse("2026-11-30T10:02:00Z"))));
        harness.setProcessingTime(2000);
        JsonNode idle = items().get(0);
        assertThat(idle.get("thinking_state").asText()).isEqualTo("idle");
        assertThat(idle.get("active_tools")).isEmpty();

        harness.processWatermark(new Watermark(Instant.parse("2026-11-30T11:02:00Z").toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).as("an hour without news: the session's state goes").isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
