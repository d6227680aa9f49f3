package com.aybiza.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.jobs.ingest.SourcedEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which usage stays billable when its references changed after the event, with reference data held in memory: the
 * rules of {@link ReferenceResolver} without a database (EventEnrichmentFunctionIT runs them on a real one).
 */
class ReferenceResolverTest {

    private static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID DELETED_TENANT = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    private static final UUID AGENT = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    private static final UUID GONE_AGENT = UUID.fromString("00000000-0000-0000-0000-0000000000c2");

    private final InMemoryReferenceSource source = new InMemoryReferenceSource();
    private ReferenceResolver resolver;

    @BeforeEach
    void data() {
        source.stored.addOrganization(ORG).add(new ReferenceData.Tenant(TENANT, ORG, "acme", "pro", "suspended"))
                .add(new ReferenceData.Agent(AGENT, TENANT, "front desk", "active"));
        resolver = new ReferenceResolver(new ReferenceDataSettings(source, Duration.ofMinutes(1), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ZERO, ReferenceDataSettings.DEFAULT_RETRY_INTERVAL));
    }

    @Test
    void usageOfAKnownTenantIsEnrichedWhateverItsStatus() throws Exception {
        ReferenceResolver.Resolution<UsageEvent> r = resolver.resolve(usage(TENANT, AGENT), 0);
        assertThat(r.problems()).isEmpty();
        assertThat(r.enriched().tenantStatus).isEqualTo("suspended");
        assertThat(r.enriched().agentName).isEqualTo("front desk");
    }

    @Test
    void usageNamingAnAgentDeletedSinceIsStillBilled() throws Exception {
        ReferenceResolver.Resolution<UsageEvent> r = resolver.resolve(usage(TENANT, GONE_AGENT), 0);
        assertThat(r.problems()).isEmpty();
        assertThat(source.lookedUp).as("the agent was looked up before giving up on it").isNotEmpty();
    }

    @Test
    void usageOfATenantDeletedAfterItWasBilledIsBilledAsDeleted() throws Exception {
        source.billedTenants.add(DELETED_TENANT);
        ReferenceResolver.Resolution<UsageEvent> r = resolver.resolve(usage(DELETED_TENANT, null), 0);
        assertThat(r.problems()).isEmpty();
        assertThat(r.enriched().tenantStatus).isEqualTo(ReferenceResolver.DELETED);
    }

    @Test
    void usageOfATenantNeverBilledAndUnknownIsRefusedWithTheReason() throws Exception {
        ReferenceResolver.Resolution<UsageEvent> r = resolver.resolve(usage(DELETED_TENANT, null), 0);
        assertThat(r.enriched()).isNull();
        assertThat(r.problems()).containsExactly("unknown tenant_id " + DELETED_TENANT);
    }

    private static SourcedEvent<UsageEvent> usage(UUID tenant, UUID agent) {
        BigDecimal quantity = new BigDecimal("2.000000");
        BigDecimal price = new BigDecimal("0.010000");
        UsageEvent e = UsageEvent.newBuilder()
                .setEventId(UUID.randomUUID()).setEventTime(Instant.parse("2026-12-01T10:00:00Z"))
                .setOrganizationId(ORG).setTenantId(tenant).setAgentId(agent).setKind(UsageEventKind.RECORD)
                .setResourceType("call_minutes").setResourceSubtype("inbound").setQuantity(quantity)
                .setUnit("minutes").setUnitPrice(price).setTotalCost(quantity.multiply(price).setScale(6))
                .setBillingPeriod(LocalDate.of(2026, 12, 1)).setCorrectsEventId(null).setReason(null)
                .setCallSid("CA1").setExecutionId(null).setMetadata(Map.of())
                .build();
        return new SourcedEvent<>(e, new RawRecord("aybiza.usage.v1", 0, 0, 0L, null, new byte[0]));
    }
}
