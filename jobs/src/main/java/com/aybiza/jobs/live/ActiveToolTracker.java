package com.aybiza.jobs.live;

import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code ActiveToolExecutions}: each running tool execution is an item (partition key agent_id, sort key
 * execution_id) from its start until it completes or fails, when the item is deleted. Keyed by tenant and execution:
 * an execution remembers for an hour of event time that it finished, so a start that arrives after the end (out of
 * order, or replayed) does not bring back an item for a tool that is no longer running. An item's {@code ttl} is an
 * hour after the start, so one whose end never comes expires.
 */
public final class ActiveToolTracker extends KeyedProcessFunction<String, ToolExecutionEvent, LiveItem> {

    private static final long serialVersionUID = 1L;

    private static final long REMEMBER_MILLIS = 3_600_000L;
    private static final long TTL_SECONDS = 3600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private transient ValueState<Boolean> finished;
    private transient Counter tooLate;

    public static String key(ToolExecutionEvent event) {
        return event.getTenantId() + "|" + event.getExecutionId();
    }

    @Override
    public void open(OpenContext openContext) {
        finished = getRuntimeContext().getState(new ValueStateDescriptor<>("finished", Types.BOOLEAN));
        tooLate = getRuntimeContext().getMetricGroup().counter("tooLateForLiveState");
    }

    @Override
    public void processElement(ToolExecutionEvent event, Context ctx, Collector<LiveItem> out) throws Exception {
        long time = event.getEventTime().toEpochMilli();
        if (finished.value() != null) {
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && time < watermark - REMEMBER_MILLIS) {
            tooLate.inc();
            return;
        }
        ObjectNode item = JSON.createObjectNode();
        item.put("agent_id", event.getAgentId().toString());
        item.put("execution_id", event.getExecutionId().toString());
        boolean done = event.getStatus() == ToolExecutionStatus.completed
                || event.getStatus() == ToolExecutionStatus.failed;
        if (done) {
            finished.update(true);
            ctx.timerService().registerEventTimeTimer(time + REMEMBER_MILLIS);
            out.collect(new LiveItem(LiveTables.ACTIVE_TOOL_EXECUTIONS, true, item.toString(), time));
            return;
        }
        long started = event.getStartedAt().toEpochMilli();
        item.put("tenant_id", event.getTenantId().toString());
        item.put("timestamp", started);
        item.put("tool_name", event.getToolName());
        item.put("tool_type", event.getToolType());
        if (event.getCallSid() != null) {
            item.put("call_sid", event.getCallSid());
        }
        item.put("status", event.getStatus().name());
        item.put("started_at", event.getStartedAt().toString());
        item.put(LiveTables.TTL_ATTRIBUTE, Math.floorDiv(started, 1000) + TTL_SECONDS);
        out.collect(new LiveItem(LiveTables.ACTIVE_TOOL_EXECUTIONS, false, item.toString(), time));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LiveItem> out) {
        finished.clear();
    }
}
