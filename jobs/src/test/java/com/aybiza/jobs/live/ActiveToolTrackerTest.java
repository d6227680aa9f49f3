package com.aybiza.jobs.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionPhase;
import java.time.Duration;
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

class ActiveToolTrackerTest {

    private KeyedOneInputStreamOperatorTestHarness<String, ToolExecutionEvent, LiveItem> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ActiveToolTracker()),
                ActiveToolTracker::key, Types.STRING);
        harness.setup(TypeInformation.of(LiveItem.class).createSerializer(new ExecutionConfig().getSerializerConfig()));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(ToolExecutionEvent event) throws Exception {
        harness.processElement(new StreamRecord<>(event, event.getEventTime().toEpochMilli()));
    }

    private List<LiveItem> items() {
        List<LiveItem> items = harness.extractOutputValues();
        harness.getOutput().clear();
        return items;
    }

    @Test
    void aRunningToolIsPutAndDeletedWhenItFinishes() throws Exception {
        ToolExecutionEvent started = LiveCallTrackerTest.tool("exec-1", ToolExecutionPhase.started);
        send(started);
        LiveItem put = items().get(0);
        assertThat(put.delete).isFalse();
        assertThat(put.table).isEqualTo("ActiveToolExecutions");
        assertThat(LiveItemConverter.attributes(put.json)).containsKeys("agent_id", "execution_id", "tenant_id",
                "timestamp", "tool_name", "ttl");
        send(LiveCallTrackerTest.tool("exec-1", ToolExecutionPhase.completed));
        LiveItem deleted = items().get(0);
        assertThat(deleted.delete).isTrue();
        assertThat(LiveItemConverter.attributes(deleted.json)).containsOnlyKeys("agent_id", "execution_id");
    }

    @Test
    void aStartAfterTheEndBringsNothingBackAndTheMemoryGoesAfterAnHour() throws Exception {
        ToolExecutionEvent failed = LiveCallTrackerTest.tool("exec-2", ToolExecutionPhase.failed);
        send(failed);
        assertThat(items()).singleElement().satisfies(i -> assertThat(i.delete).isTrue());
        send(LiveCallTrackerTest.tool("exec-2", ToolExecutionPhase.started));
        assertThat(items()).isEmpty();
        harness.processWatermark(new Watermark(failed.getEventTime().plus(Duration.ofHours(1)).toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
