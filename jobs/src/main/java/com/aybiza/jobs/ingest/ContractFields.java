package com.aybiza.jobs.ingest;

import java.time.Instant;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;

/**
 * The fields every event contract carries (event_id, event_time, tenant_id), read by name so that one stage serves
 * all four contracts. Security events may have no tenant (an anonymous login attempt), hence the nullable tenant.
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

    /** The key a tenant's events share in keyed state: its id, or the empty string for events without a tenant. */
    public static String tenantKey(GenericRecord event) {
        UUID tenant = tenantId(event);
        return tenant == null ? "" : tenant.toString();
    }
}
