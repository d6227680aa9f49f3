package com.aybiza.jobs.live;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Live state from the calls topology's prepared streams (validated, enriched, de-duplicated): each call in progress
 * ({@link LiveCallTracker}), each running tool ({@link ActiveToolTracker}) and each agent's session
 * ({@link AgentSessionTracker}), written to the three tables' sinks.
 */
public final class LiveStateTopology {

    private LiveStateTopology() {
    }

    public static void attach(DataStream<EnrichedEvent<CallEvent>> calls,
                              DataStream<EnrichedEvent<ToolExecutionEvent>> tools,
                              DataStream<EnrichedEvent<CallTurnEvent>> turns, LiveStateSinks sinks) {
        TypeInformation<CallActivity> activityType = CallActivity.typeInfo();
        TypeInformation<LiveItem> itemType = TypeInformation.of(LiveItem.class);
        DataStream<CallActivity> activity = calls
                .map(c -> CallActivity.of(c.event), activityType).name("live: calls").uid("live-calls")
                .union(turns.map(t -> CallActivity.of(t.event), activityType).name("live: turns").uid("live-turns"),
                        tools.map(t -> CallActivity.of(t.event), activityType).name("live: tools").uid("live-tools"));

        activity.filter(a -> a.callSid() != null).name("live: activity of calls").uid("live-activity-of-calls")
                .keyBy(CallActivity::callKey, Types.STRING)
                .process(new LiveCallTracker(), itemType).name("live call state").uid("live-call-state")
                .sinkTo(sinks.realtimeCallState()).name("RealtimeCallState").uid("sink-realtime-call-state");

        tools.map(t -> t.event, new AvroTypeInfo<>(ToolExecutionEvent.class))
                .name("live: tool executions").uid("live-tool-executions")
                .keyBy(ActiveToolTracker::key, Types.STRING)
                .process(new ActiveToolTracker(), itemType).name("active tool executions").uid("active-tools")
                .sinkTo(sinks.activeToolExecutions()).name("ActiveToolExecutions").uid("sink-active-tool-executions");

        activity.filter(a -> a.agentId() != null).name("live: activity of agents").uid("live-activity-of-agents")
                .keyBy(CallActivity::agentKey, Types.STRING)
                .process(new AgentSessionTracker(sinks.sessionUpdateIntervalMillis()), itemType)
                .name("agent sessions").uid("agent-sessions")
                .sinkTo(sinks.agentSessions()).name("AgentSessions").uid("sink-agent-sessions");
    }
}
