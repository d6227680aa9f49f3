package com.aybiza.jobs.billing;

import com.aybiza.events.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SHA-256 of everything a usage event says, from its fields rather than its bytes, so the same event sent again on
 * a newer schema version has the same fingerprint. Two events with one id and different fingerprints are two facts
 * under one idempotency key: the first stands, the second is refused.
 */
final class UsageFingerprint {

    private final MessageDigest sha256;
    private final StringBuilder text = new StringBuilder(512);

    UsageFingerprint() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    byte[] of(UsageEvent e) {
        text.setLength(0);
        // A unit separator between fields: no field value can fake a boundary (validation refuses control characters
        // only for NUL, so the separator is also escaped where it occurs).
        field(e.getEventId()).field(e.getEventTime()).field(e.getOrganizationId()).field(e.getTenantId())
                .field(e.getAgentId()).field(e.getKind()).field(e.getResourceType()).field(e.getResourceSubtype())
                .field(e.getQuantity() == null ? null : e.getQuantity().toPlainString()).field(e.getUnit())
                .field(e.getUnitPrice() == null ? null : e.getUnitPrice().toPlainString())
                .field(e.getTotalCost() == null ? null : e.getTotalCost().toPlainString())
                .field(e.getBillingPeriod()).field(e.getCorrectsEventId()).field(e.getReason()).field(e.getCallSid())
                .field(e.getExecutionId());
        Map<String, String> metadata = e.getMetadata() instanceof TreeMap<String, String> sorted
                ? sorted : new TreeMap<>(e.getMetadata());
        for (Map.Entry<String, String> m : metadata.entrySet()) {
            field(m.getKey()).field(m.getValue());
        }
        return sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private UsageFingerprint field(Object value) {
        if (value == null) {
            text.append('\u0000');
        } else {
            text.append(value.toString().replace("\\", "\\\\").replace("\u001f", "\\u"));
        }
        text.append('\u001f');
        return this;
    }
}
