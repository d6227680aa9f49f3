package com.aybiza.jobs.billing;

import com.aybiza.events.UsageEvent;
import com.aybiza.sinks.postgres.IsoInstant;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first 64 bits of a SHA-256 of everything a usage event says, from its fields rather than its bytes, so the same
 * event sent again on a newer schema version has the same fingerprint. Two events with one id and different
 * fingerprints are two facts under one idempotency key: the first stands, the second is refused. Each field goes in
 * with its length first, so no value can fake a field boundary; 64 bits keep the idempotency table narrow and still
 * make an accidental collision between two versions of one event id out of the question.
 */
final class UsageFingerprint {

    private final MessageDigest sha256;
    private final ByteBuffer number = ByteBuffer.allocate(8);

    UsageFingerprint() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    long of(UsageEvent e) {
        field(e.getEventId()).field(IsoInstant.format(e.getEventTime())).field(e.getOrganizationId()).field(e.getTenantId())
                .field(e.getAgentId()).field(e.getKind()).field(e.getResourceType()).field(e.getResourceSubtype())
                .field(e.getQuantity() == null ? null : e.getQuantity().toPlainString()).field(e.getUnit())
                .field(e.getUnitPrice() == null ? null : e.getUnitPrice().toPlainString())
                .field(e.getTotalCost() == null ? null : e.getTotalCost().toPlainString())
                .field(e.getBillingPeriod()).field(e.getCorrectsEventId()).field(e.getReason()).field(e.getCallSid())
                .field(e.getExecutionId());
        Map<String, String> metadata = e.getMetadata();
        if (!metadata.isEmpty()) {
            for (Map.Entry<String, String> m : (metadata instanceof TreeMap ? metadata : new TreeMap<>(metadata))
                    .entrySet()) {
                field(m.getKey()).field(m.getValue());
            }
        }
        return ByteBuffer.wrap(sha256.digest()).getLong();
    }

    private UsageFingerprint field(Object value) {
        number.clear();
        if (value == null) {
            number.putInt(-1);
            sha256.update(number.array(), 0, 4);
        } else {
            byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
            number.putInt(bytes.length);
            sha256.update(number.array(), 0, 4);
            sha256.update(bytes);
        }
        return this;
    }
}
