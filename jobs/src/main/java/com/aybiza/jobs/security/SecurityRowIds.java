package com.aybiza.jobs.security;

import com.aybiza.events.EventTopic;
import com.aybiza.events.SecurityEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The id of a security event's row. The six tables' keys are (id, "timestamp") (login_history adds user_id) and hold
 * across every tenant, while an event_id is unique only within its scope: the tenant, else the organization, else the
 * platform. So the id is a name-based UUID (RFC 4122 version 5) of {@code <scope>/<event_id>}, the scope written as
 * the event's Kafka key ({@link EventTopic#keyOf}): equal event_ids of two scopes make two rows, and a replayed event
 * makes the same id, which with its event_time is the same key.
 */
public final class SecurityRowIds {

    /** The namespace of every security row id: fixed for good, as the ids already stored depend on it. */
    public static final UUID NAMESPACE = UUID.fromString("15121b0f-7df2-4ccb-8aa1-de514b993cd4");

    private SecurityRowIds() {
    }

    public static UUID of(SecurityEvent event) {
        return nameBased(EventTopic.keyOf(event.getTenantId(), event.getOrganizationId()) + "/" + event.getEventId());
    }

    public static UUID nameBased(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // the RFC 4122 variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }
}
