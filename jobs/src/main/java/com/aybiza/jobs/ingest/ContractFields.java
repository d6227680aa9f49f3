package com.aybiza.jobs.ingest;

import com.aybiza.events.EventTopic;
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
}
