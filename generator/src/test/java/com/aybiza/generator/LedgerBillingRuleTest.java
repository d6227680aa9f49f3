package com.aybiza.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.UsageEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The billing rule on hand-built sequences, fed to the ledger in the order given (arrival order). */
class LedgerBillingRuleTest {

    private static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    private static final ReferenceData.Agent AGENT = agent("00000000-0000-4000-8000-0000000000a1");
    private static final ReferenceData.Agent OTHER_TENANTS_AGENT = agent("00000000-0000-4000-8000-0000000000a2");
    private static final String TENANT = AGENT.tenantId().toString();

    private final Ledger ledger = new Ledger();

    private static ReferenceData.Agent agent(String tenant) {
        return new ReferenceData.Agent(UUID.randomUUID(), "agent", UUID.randomUUID(), UUID.fromString(tenant),
                UUID.randomUUID(), UUID.randomUUID(), "claude-haiku", "voice");
    }

    /** Inbound call minutes at 0.02 USD a minute. */
    private static GeneratedEvent minutes(String id, int second, String quantity) {
        return UsageEvents.record(UUID.fromString(id), T0.plusSeconds(second), AGENT, "call_minutes", "inbound",
                new BigDecimal(quantity), "minutes", "CA1", null);
    }

    private static GeneratedEvent correction(String id, int second, GeneratedEvent target, String quantity) {
        return UsageEvents.correction(UUID.fromString(id), T0.plusSeconds(second), AGENT, usage(target),
                new BigDecimal(quantity), "carrier duration reconciliation");
    }

    private static GeneratedEvent voiding(String id, int second, GeneratedEvent target) {
        return UsageEvents.voiding(UUID.fromString(id), T0.plusSeconds(second), AGENT, usage(target), "test call");
    }

    private static UsageEvent usage(GeneratedEvent event) {
        return (UsageEvent) event.event();
    }

    private void arrive(GeneratedEvent... events) {
        for (GeneratedEvent event : events) {
            ledger.valid(event);
        }
    }

    private BigDecimal billedMinutes() {
        return ledger.billable().get(TENANT).get("call_minutes");
    }

    private BigDecimal billedCost() {
        return ledger.billableCost().get(TENANT).get("call_minutes");
    }

    @Test
    void aCorrectionAfterItsTargetReplacesItsQuantityAndCost() {
        GeneratedEvent record = minutes("10000000-0000-4000-8000-000000000001", 0, "2");
        GeneratedEvent untouched = minutes("10000000-0000-4000-8000-000000000002", 1, "3");
        arrive(record, untouched, correction("20000000-0000-4000-8000-000000000001", 30, record, "1.5"));

        assertThat(billedMinutes()).isEqualTo(new BigDecimal("4.500000"));
        assertThat(billedCost()).isEqualTo(new BigDecimal("0.090000")); // 1.5 x 0.02 + 3 x 0.02
        assertThat(ledger.orphanAdjustments()).isZero();
    }

    @Test
    void aCorrectionThatArrivesBeforeItsTargetStillReplacesIt() {
        GeneratedEvent record = minutes("10000000-0000-4000-8000-000000000001", 0, "2");
        arrive(correction("20000000-0000-4000-8000-000000000001", 30, record, "1.5"), record);

        assertThat(billedMinutes()).isEqualTo(new BigDecimal("1.500000"));
        assertThat(billedCost()).isEqualTo(new BigDecimal("0.030000"));
        assertThat(ledger.orphanAdjustments()).isZero();
    }

    @Test
    void ofTwoCorrectionsTheLaterEventTimeWinsWhicheverArrivesLast() {
        GeneratedEvent record = minutes("10000000-0000-4000-8000-000000000001", 0, "2");
        // The later one has the smaller id: only the time decides.
        GeneratedEvent later = correction("20000000-0000-4000-8000-000000000001", 40, record, "1.25");
        GeneratedEvent earlier = correction("90000000-0000-4000-8000-000000000001", 30, record, "1.5");
        arrive(record, later, earlier);

        assertThat(billedMinutes()).isEqualTo(new BigDecimal("1.250000"));
        assertThat(billedCost()).isEqualTo(new BigDecimal("0.025000"));
    }

    @Test
    void twoCorrectionsAtTheSameTimeAreDecidedByTheLargerEventIdAsText() {
        GeneratedEvent record = minutes("10000000-0000-4000-8000-000000000001", 0, "2");
        // As text "a..." > "7...", while UUID.compareTo (signed) puts a... first: the rule compares text.
        GeneratedEvent larger = correction("a0000000-0000-4000-8000-000000000001", 30, record, "1.25");
        GeneratedEvent smaller = correction("70000000-0000-4000-8000-000000000001", 30, record, "1.5");
        assertThat(UUID.fromString("a0000000-0000-4000-8000-000000000001")
                .compareTo(UUID.fromString("70000000-0000-4000-8000-000000000001"))).isNegative();
        arrive(record, larger, smaller);

        assertThat(billedMinutes()).isEqualTo(new BigDecimal("1.250000"));
    }

    @Test
    void aTargetCorrectedThenVoidedBillsNothing() {
        GeneratedEvent record = minutes("10000000-0000-4000-8000-000000000001", 0, "2");
        GeneratedEvent kept = minutes("10000000-0000-4000-8000-000000000002", 1, "3");
        arrive(record, kept, correction("20000000-0000-4000-8000-000000000001", 30, record, "1.5"),
                voiding("30000000-0000-4000-8000-000000000001", 60, record));

        assertThat(billedMinutes()).isEqualTo(new BigDecimal("3.000000"));
        assertThat(billedCost()).isEqualTo(new BigDecimal("0.060000"));
    }

    @Test
    void aTargetVoidedThenCorrectedBillsNothing() {
        GeneratedEvent record = minutes("10000000-0000-4000-8000-000000000001", 0, "2");
        arrive(record, voiding("30000000-0000-4000-8000-000000000001", 30, record),
                correction("20000000-0000-4000-8000-000000000001", 60, record, "1.5"));

        assertThat(billedMinutes()).isEqualTo(new BigDecimal("0.000000"));
        assertThat(billedCost()).isEqualTo(new BigDecimal("0.000000"));
    }

    @Test
    void anAdjustmentOfAnEventNotInTheRunIsAnOrphanAndBillsNothing() {
        GeneratedEvent absent = minutes("10000000-0000-4000-8000-000000000001", 0, "2");
        GeneratedEvent present = minutes("10000000-0000-4000-8000-000000000002", 1, "3");
        // The same event id in another tenant is another event: event ids are unique within a tenant only.
        GeneratedEvent elsewhere = UsageEvents.record(UUID.fromString("10000000-0000-4000-8000-000000000001"),
                T0, OTHER_TENANTS_AGENT, "call_minutes", "inbound", BigDecimal.ONE, "minutes", "CA2", null);
        arrive(present, elsewhere, correction("20000000-0000-4000-8000-000000000001", 30, absent, "1.5"),
                voiding("30000000-0000-4000-8000-000000000001", 60, absent));

        assertThat(ledger.orphanAdjustments()).isEqualTo(2);
        assertThat(billedMinutes()).isEqualTo(new BigDecimal("3.000000"));
        assertThat(ledger.billable().get(OTHER_TENANTS_AGENT.tenantId().toString()))
                .isEqualTo(Map.of("call_minutes", new BigDecimal("1.000000")));
        JsonNode json = ledger.toJson(new GeneratorSettings("unused:9092", OptionalDouble.of(1), Duration.ofSeconds(1),
                1, 1, 1, 0, T0, 30, Optional.empty(), Optional.empty(), Duration.ofSeconds(5)));
        assertThat(json.at("/orphan_adjustments").asLong()).isEqualTo(2);
        assertThat(json.at("/billable_quantity/" + TENANT + "/call_minutes").asText()).isEqualTo("3.000000");
        assertThat(json.at("/billable_cost/" + TENANT + "/call_minutes").asText()).isEqualTo("0.060000");
        assertThat(json.at("/rows/billing.usage_metering").asLong()).isEqualTo(4);
    }

    @Test
    void eachTenantAndResourceTypeSumsItsOwnTargets() {
        GeneratedEvent call = minutes("10000000-0000-4000-8000-000000000001", 0, "2");
        GeneratedEvent session = UsageEvents.record(UUID.fromString("10000000-0000-4000-8000-000000000002"), T0, AGENT,
                "agent_sessions", null, BigDecimal.ONE, "sessions", "CA1", null);
        GeneratedEvent otherTenant = UsageEvents.record(UUID.fromString("10000000-0000-4000-8000-000000000003"), T0,
                OTHER_TENANTS_AGENT, "call_minutes", "inbound", new BigDecimal("4"), "minutes", "CA2", null);
        arrive(call, session, otherTenant, voiding("30000000-0000-4000-8000-000000000001", 30, session));

        assertThat(ledger.billable()).isEqualTo(Map.of(
                TENANT, Map.of("call_minutes", new BigDecimal("2.000000"),
                        "agent_sessions", new BigDecimal("0.000000")),
                OTHER_TENANTS_AGENT.tenantId().toString(), Map.of("call_minutes", new BigDecimal("4.000000"))));
        assertThat(ledger.billableCost()).isEqualTo(Map.of(
                TENANT, Map.of("call_minutes", new BigDecimal("0.040000"),
                        "agent_sessions", new BigDecimal("0.000000")),
                OTHER_TENANTS_AGENT.tenantId().toString(), Map.of("call_minutes", new BigDecimal("0.080000"))));
    }
}
