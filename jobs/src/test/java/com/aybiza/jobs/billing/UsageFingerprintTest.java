package com.aybiza.jobs.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageFingerprintTest {

    /**
     * The fingerprint is stored in billing.usage_idempotency for ever: a replay is recognised by it, so its value for
     * the same event must never change (a changed one would take every replayed event for a conflicting one). This is
     * the value the first release computed.
     */
    @Test
    void theFingerprintOfAnEventNeverChanges() {
        assertThat(new UsageFingerprint().of(sample())).isEqualTo(-8902352456754340747L);
    }

    @Test
    void anyFieldChangesIt() {
        UsageFingerprint fingerprint = new UsageFingerprint();
        long original = fingerprint.of(sample());
        UsageEvent otherTime = sample();
        otherTime.setEventTime(otherTime.getEventTime().plusNanos(1000));
        UsageEvent otherQuantity = sample();
        otherQuantity.setQuantity(new BigDecimal("1234.5679"));
        UsageEvent otherMetadata = sample();
        otherMetadata.setMetadata(new TreeMap<>(Map.of("model", "claude", "region", "us")));
        assertThat(fingerprint.of(otherTime)).isNotEqualTo(original);
        assertThat(fingerprint.of(otherQuantity)).isNotEqualTo(original);
        assertThat(fingerprint.of(otherMetadata)).isNotEqualTo(original);
        assertThat(fingerprint.of(sample())).isEqualTo(original);
    }

    private static UsageEvent sample() {
        return UsageEvent.newBuilder().setEventId(UUID.fromString("11111111-2222-4333-8444-555555555555"))
                .setEventTime(Instant.parse("2026-11-30T10:15:30.123456Z"))
                .setOrganizationId(UUID.fromString("0e7d1c52-5f0a-4c1e-9d7a-1b2c3d4e5f60"))
                .setTenantId(UUID.fromString("6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b"))
                .setAgentId(null).setKind(UsageEventKind.RECORD).setResourceType("llm_tokens")
                .setResourceSubtype("input").setQuantity(new BigDecimal("1234.5678")).setUnit("tokens")
                .setUnitPrice(new BigDecimal("0.000003")).setTotalCost(new BigDecimal("0.003704"))
                .setBillingPeriod(LocalDate.parse("2026-11-01")).setCorrectsEventId(null).setReason(null)
                .setCallSid("CA123").setExecutionId(null)
                .setMetadata(new TreeMap<>(Map.of("model", "claude", "region", "eu"))).build();
    }
}
