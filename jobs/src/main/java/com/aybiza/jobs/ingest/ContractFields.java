package com.aybiza.jobs.ingest;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.EventTopic;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.UsageEvent;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;

/**
 * The fields every event contract carries (event_id, event_time, organization_id, tenant_id), read by name so that
 * one stage serves all four contracts. Security events may have no tenant, or not even an organization (an
 * unattributed API call), hence the nullable ids.
 */
public final class ContractFields {

    private ContractFields() {
    }

    public static UUID eventId(GenericRecord event) {
        return (UUID) event.get("event_id");
    }

    public static Instant eventTime(GenericRecord event) {
        return (Instant) event.get("event_time");
    }

    /** The tenant, or null for a security event that belongs to none. */
    public static UUID tenantId(GenericRecord event) {
        return (UUID) event.get("tenant_id");
    }

    /** The organization, or null for an unattributed API access log entry. */
    public static UUID organizationId(GenericRecord event) {
        return (UUID) event.get("organization_id");
    }

    /**
     * The scope an event_id is unique in, which is also the event's Kafka key: its tenant, else its organization,
     * else the platform ({@link EventTopic#keyOf}). Keyed state keyed by it sees a scope's events in Kafka order.
     */
    public static String scopeKey(GenericRecord event) {
        return EventTopic.keyOf(tenantId(event), organizationId(event));
    }

    /** How many parts one scope's events are spread over, so that a busy tenant is not bound to one core. */
    public static final int PARTS_PER_SCOPE = 32;

    /**
     * The key the jobs shuffle by after enrichment: the scope and one of {@link #PARTS_PER_SCOPE} parts chosen by the
     * entity the event is about, so that a large tenant spreads over every subtask while each entity's events stay on
     * one: a call's lifecycle (call_sid), a tool execution (execution_id), a billed RECORD with its CORRECTIONs and
     * VOIDs (the id they correct), and otherwise the event itself. Copies of one event id always share a key, which
     * is all de-duplication needs; billing's settlement needs a target and its adjustments on one writer.
     */
    public static String partitionKey(GenericRecord event) {
        Object entity;
        if (event instanceof UsageEvent usage) {
            entity = usage.getCorrectsEventId() != null ? usage.getCorrectsEventId() : usage.getEventId();
        } else if (event instanceof CallEvent call) {
            entity = call.getCallSid();
        } else if (event instanceof CallTurnEvent turn) {
            entity = turn.getCallSid(); // beside the call's lifecycle
        } else if (event instanceof ToolExecutionEvent tool) {
            entity = tool.getExecutionId();
        } else {
            entity = eventId(event);
        }
        return scopeKey(event) + "#" + Math.floorMod(entity.hashCode(), PARTS_PER_SCOPE);
    }
}
