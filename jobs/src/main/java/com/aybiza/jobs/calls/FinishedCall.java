package com.aybiza.jobs.calls;

import com.aybiza.events.CallEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A call that has ended: the event that ended it (with its Kafka record, so a row the database refuses can be
 * dead-lettered) and the outcomes of its tool executions, as {@link FinishedCallJoin} gathered them. What
 * {@code call_analytics.call_analytics} and {@code call_analytics.detailed_metrics} are written from.
 */
public class FinishedCall extends EnrichedEvent<CallEvent> {

    /** Executions of the call seen by the time it was emitted, whatever their outcome. */
    public int toolCalls;
    public int successfulToolCalls;
    public int failedToolCalls;

    public FinishedCall() {
    }

    public FinishedCall(EnrichedEvent<CallEvent> call, int toolCalls, int successfulToolCalls, int failedToolCalls) {
        this.event = call.event;
        this.source = call.source;
        this.tenantName = call.tenantName;
        this.planTier = call.planTier;
        this.tenantStatus = call.tenantStatus;
        this.agentName = call.agentName;
        this.toolCalls = toolCalls;
        this.successfulToolCalls = successfulToolCalls;
        this.failedToolCalls = failedToolCalls;
    }

    /** Its type: the event as Avro, the rest as POJO fields, no Kryo. */
    public static TypeInformation<FinishedCall> typeInfo() {
        return pojoTypeInfo(FinishedCall.class, CallEvent.class, Map.of("tenantName", Types.STRING,
                "planTier", Types.STRING, "tenantStatus", Types.STRING, "agentName", Types.STRING,
                "toolCalls", Types.INT, "successfulToolCalls", Types.INT, "failedToolCalls", Types.INT));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FinishedCall f && super.equals(o) && toolCalls == f.toolCalls
                && successfulToolCalls == f.successfulToolCalls && failedToolCalls == f.failedToolCalls;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), toolCalls, successfulToolCalls, failedToolCalls);
    }

    @Override
    public String toString() {
        return super.toString() + " tools " + toolCalls + " (" + successfulToolCalls + " ok, " + failedToolCalls
                + " failed)";
    }
}
