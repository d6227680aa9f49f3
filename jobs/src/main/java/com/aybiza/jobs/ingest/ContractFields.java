package com.aybiza.jobs.ingest;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.EventTopic;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
     * The key the jobs shuffle by: the scope and one of {@link #PARTS_PER_SCOPE} parts chosen by the entity the event
     * is about ({@link #ENTITY_FIELDS}), so that a large tenant spreads over every subtask while each entity's events
     * stay on one: a call's lifecycle and its turns (call_sid), a tool execution (execution_id), a billed RECORD with
     * its CORRECTIONs and VOIDs (the id they correct), and otherwise the event itself. Copies of one event id always
     * share a key, which is all de-duplication needs; billing's settlement needs a target and its adjustments on one
     * writer. Works on a decoded event and on the few fields {@link PartitionKeyReader} reads from a record's bytes
     * alike, so the two always agree.
     */
    public static String partitionKey(GenericRecord event) {
        Object entity = null;
        for (String field : entityFields(event.getSchema().getName())) {
            entity = event.get(field);
            if (entity != null) {
                break;
            }
        }
        if (entity instanceof CharSequence text) {
            entity = text.toString(); // a String's hash, whether Avro handed a String or a Utf8
        }
        return scopeKey(event) + "#" + Math.floorMod(java.util.Objects.hashCode(entity), PARTS_PER_SCOPE);
    }

    /** Per contract, the fields naming the entity an event is about, the first one set wins; event_id for the rest. */
    private static final Map<String, List<String>> ENTITY_FIELDS = Map.of(
            UsageEvent.getClassSchema().getName(), List.of("corrects_event_id", "event_id"),
            CallEvent.getClassSchema().getName(), List.of("call_sid"),
            CallTurnEvent.getClassSchema().getName(), List.of("call_sid"), // beside the call's lifecycle
            ToolExecutionEvent.getClassSchema().getName(), List.of("execution_id"));

    /** The fields {@link #partitionKey} reads of a {@code recordName} event, scope fields included. */
    static List<String> keyFields(String recordName) {
        List<String> fields = new ArrayList<>(List.of("event_id", "organization_id", "tenant_id"));
        for (String field : entityFields(recordName)) {
            if (!fields.contains(field)) {
                fields.add(field);
            }
        }
        return fields;
    }

    private static List<String> entityFields(String recordName) {
        return ENTITY_FIELDS.getOrDefault(recordName, List.of("event_id"));
    }
}
