package com.aybiza.jobs.live;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallTurn;
import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.ToolExecutionEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * What happened in a call, from any of the three streams live state follows: a lifecycle event, a turn, or a tool
 * execution's event; exactly one field is set. A Flink POJO with a declared type ({@link #typeInfo}), so the three
 * streams can be one.
 */
public class CallActivity {

    public CallEvent call;
    public CallTurnEvent turn;
    public ToolExecutionEvent tool;

    public CallActivity() {
    }

    public static CallActivity of(CallEvent call) {
        CallActivity activity = new CallActivity();
        activity.call = call;
        return activity;
    }

    public static CallActivity of(CallTurnEvent turn) {
        CallActivity activity = new CallActivity();
        activity.turn = turn;
        return activity;
    }

    public static CallActivity of(ToolExecutionEvent tool) {
        CallActivity activity = new CallActivity();
        activity.tool = tool;
        return activity;
    }

    /** A turn event as the turn the completed call will carry: what the quality formula and latency sums read. */
    public static CallTurn asCallTurn(CallTurnEvent event) {
        return CallTurn.newBuilder().setTurnIndex(event.getTurnIndex())
                .setSttLatencyMs(event.getSttLatencyMs()).setLlmFirstTokenMs(event.getLlmFirstTokenMs())
                .setLlmTotalLatencyMs(event.getLlmTotalLatencyMs()).setTtsFirstAudioMs(event.getTtsFirstAudioMs())
                .setTtsTotalLatencyMs(event.getTtsTotalLatencyMs()).setInterrupted(event.getInterrupted())
                .setTokens(event.getTokens()).build();
    }

    public static TypeInformation<CallActivity> typeInfo() {
        return Types.POJO(CallActivity.class, Map.of("call", new AvroTypeInfo<>(CallEvent.class),
                "turn", new AvroTypeInfo<>(CallTurnEvent.class), "tool", new AvroTypeInfo<>(ToolExecutionEvent.class)));
    }

    public UUID tenantId() {
        return call != null ? call.getTenantId() : turn != null ? turn.getTenantId() : tool.getTenantId();
    }

    /** The call's SID; null for a tool execution outside any call. */
    public String callSid() {
        return call != null ? call.getCallSid() : turn != null ? turn.getCallSid() : tool.getCallSid();
    }

    /** The agent; null when none was assigned. */
    public UUID agentId() {
        return call != null ? call.getAgentId() : turn != null ? turn.getAgentId() : tool.getAgentId();
    }

    public Instant eventTime() {
        return call != null ? call.getEventTime() : turn != null ? turn.getEventTime() : tool.getEventTime();
    }

    /** The key of a call's live state: tenant and call. */
    public String callKey() {
        return tenantId() + "|" + callSid();
    }

    /** The key of an agent's session: tenant and agent. */
    public String agentKey() {
        return tenantId() + "|" + agentId();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallActivity a && Objects.equals(call, a.call) && Objects.equals(turn, a.turn)
                && Objects.equals(tool, a.tool);
    }

    @Override
    public int hashCode() {
        return Objects.hash(call, turn, tool);
    }

    @Override
    public String toString() {
        return String.valueOf(call != null ? call : turn != null ? turn : tool);
    }
}
