package com.aybiza.jobs.live;

import com.aybiza.events.CallStatuses;
import com.aybiza.events.ToolExecutionStatus;
import com.aybiza.jobs.calls.LifecycleOrder;
import com.aybiza.jobs.calls.TurnSummary;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code AgentSessions}: each agent's current session, keyed by tenant and agent. The session is the agent's UTC day
 * of activity: partition key agent_session_id = the agent's id (as the schema document looks it up), sort key the
 * day's start in epoch milliseconds, so the newest item of an agent is its current session. It holds the model in use,
 * the calls in progress, the tools running, the latest turns and the day's counts, and a {@code ttl} an hour after the
 * agent's latest event.
 *
 * <p>An agent is busy: instead of a write per event, a changed session is written at most once per
 * {@code updateInterval} of processing time (and the state goes an hour of event time after the agent's latest event).
 */
public final class AgentSessionTracker extends KeyedProcessFunction<String, CallActivity, LiveItem> {

    private static final long serialVersionUID = 1L;

    private static final long IDLE_MILLIS = 3_600_000L;
    private static final long TTL_SECONDS = 3600;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long updateIntervalMillis;
    private transient ValueState<AgentSession> session;
    /** The pending write: set while the session has changes not written yet. */
    private transient ValueState<Long> update;
    private transient ValueState<Long> expiry;
    private transient Counter itemsWritten;

    public AgentSessionTracker(long updateIntervalMillis) {
        this.updateIntervalMillis = updateIntervalMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        session = getRuntimeContext().getState(new ValueStateDescriptor<>("agent-session", AgentSession.typeInfo()));
        update = getRuntimeContext().getState(new ValueStateDescriptor<>("update-timer", Types.LONG));
        expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry", Types.LONG));
        itemsWritten = getRuntimeContext().getMetricGroup().counter("agentSessionItems");
    }

    @Override
    public void processElement(CallActivity activity, Context ctx, Collector<LiveItem> out) throws Exception {
        long time = activity.eventTime().toEpochMilli();
        AgentSession held = session.value();
        if (held == null) {
            held = new AgentSession();
            held.tenantId = activity.tenantId().toString();
            held.agentId = activity.agentId().toString();
        }
        long day = Math.floorDiv(time, DAY_MILLIS) * DAY_MILLIS;
        if (day > held.day) {
            held.day = day;
            held.turnsToday = 0;
            held.callsToday = 0;
        }
        held.latestEventMillis = Math.max(held.latestEventMillis, time);
        if (activity.call != null) {
            String status = CallStatuses.toDatabaseValue(activity.call.getStatus());
            String sid = activity.call.getCallSid();
            if (LifecycleOrder.CALL.isFinal(status)) {
                if (held.liveCalls.remove(sid) == null && !held.over.containsKey("call " + sid)) {
                    held.callsToday++; // its start never came, or came not yet
                }
                held.over.put("call " + sid, time);
            } else if (!held.over.containsKey("call " + sid) && held.liveCalls.put(sid, time) == null) {
                held.callsToday++;
            }
        } else if (activity.turn != null) {
            var turn = activity.turn;
            if (!held.over.containsKey("call " + turn.getCallSid())
                    && held.liveCalls.put(turn.getCallSid(), time) == null) {
                held.callsToday++;
            }
            if (turn.getModelUsed() != null) {
                held.model = turn.getModelUsed();
            }
            held.turnsToday++;
            ObjectNode recent = JSON.createObjectNode();
            recent.put("call_sid", turn.getCallSid());
            recent.put("turn_index", turn.getTurnIndex());
            Integer wait = TurnSummary.totalLatency(CallActivity.asCallTurn(turn));
            if (wait != null) {
                recent.put("wait_ms", wait);
            }
            recent.put("interrupted", turn.getInterrupted());
            recent.put("at", turn.getEventTime().toString());
            held.recentTurns.add(recent.toString());
            while (held.recentTurns.size() > AgentSession.RECENT_TURNS) {
                held.recentTurns.remove(0);
            }
        } else {
            var tool = activity.tool;
            String execution = tool.getExecutionId().toString();
            if (tool.getStatus() == ToolExecutionStatus.completed || tool.getStatus() == ToolExecutionStatus.failed) {
                held.activeTools.remove(execution);
                held.over.put("execution " + execution, time);
            } else if (!held.over.containsKey("execution " + execution)) {
                held.activeTools.put(execution, tool.getToolName() + "|" + (tool.getCallSid() == null ? ""
                        : tool.getCallSid()));
            }
        }
        // A call whose end never came is no longer in progress after an hour without news.
        long idleBefore = held.latestEventMillis - IDLE_MILLIS;
        held.liveCalls.values().removeIf(latest -> latest < idleBefore);
        held.over.values().removeIf(at -> at < idleBefore);
        session.update(held);
        if (update.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + updateIntervalMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            update.update(at);
        }
        long expiresAt = held.latestEventMillis + IDLE_MILLIS;
        Long current = expiry.value();
        if (current == null || current != expiresAt) {
            if (current != null) {
                ctx.timerService().deleteEventTimeTimer(current);
            }
            ctx.timerService().registerEventTimeTimer(expiresAt);
            expiry.update(expiresAt);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LiveItem> out) throws Exception {
        AgentSession held = session.value();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            update.clear();
            if (held != null) {
                out.collect(item(held));
                itemsWritten.inc();
            }
            return;
        }
        Long pending = update.value();
        if (pending != null) {
            ctx.timerService().deleteProcessingTimeTimer(pending);
            if (held != null) {
                out.collect(item(held));
                itemsWritten.inc();
            }
        }
        session.clear();
        update.clear();
        expiry.clear();
    }

    static LiveItem item(AgentSession s) {
        ObjectNode item = JSON.createObjectNode();
        item.put("agent_session_id", s.agentId);
        item.put("timestamp", s.day);
        item.put("tenant_id", s.tenantId);
        item.put("agent_id", s.agentId);
        if (s.model != null) {
            item.put("model_in_use", s.model);
        }
        item.put("thinking_state", s.liveCalls.isEmpty() ? "idle" : "thinking");
        ObjectNode state = item.putObject("session_state");
        state.put("calls_in_progress", s.liveCalls.size());
        state.put("calls_today", s.callsToday);
        state.put("turns_today", s.turnsToday);
        ArrayNode calls = state.putArray("live_call_sids");
        s.liveCalls.keySet().stream().sorted().forEach(calls::add);
        ArrayNode tools = item.putArray("active_tools");
        s.activeTools.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String[] nameAndCall = e.getValue().split("\\|", 2);
            ObjectNode tool = tools.addObject();
            tool.put("execution_id", e.getKey());
            tool.put("tool_name", nameAndCall[0]);
            if (!nameAndCall[1].isEmpty()) {
                tool.put("call_sid", nameAndCall[1]);
            }
        });
        ArrayNode buffer = item.putArray("conversation_buffer");
        for (String turn : s.recentTurns) {
            try {
                buffer.add(JSON.readTree(turn));
            } catch (IOException e) {
                throw new IllegalStateException("a recent turn is always JSON: " + turn, e);
            }
        }
        item.put("updated_at", Instant.ofEpochMilli(s.latestEventMillis).toString());
        item.put(LiveTables.TTL_ATTRIBUTE, Math.floorDiv(s.latestEventMillis, 1000) + TTL_SECONDS);
        return new LiveItem(LiveTables.AGENT_SESSIONS, false, item.toString(), s.latestEventMillis);
    }
}
