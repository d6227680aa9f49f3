package com.aybiza.generator;

import com.aybiza.events.EventTopic;
import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/** Builds the usage events a call or a tool execution bills, priced and with their billing period. */
final class UsageEvents {

    private UsageEvents() {}

    /** A RECORD of {@code quantity} units; the event id is derived from what is billed (see {@link DeterministicIds}). */
    static GeneratedEvent record(UUID eventId, Instant time, ReferenceData.Agent agent, String resourceType,
                                 String subtype, BigDecimal quantity, String unit, String callSid, UUID executionId) {
        return event(eventId, time, agent, UsageEventKind.RECORD, resourceType, subtype, quantity, unit, callSid,
                executionId, null, null);
    }

    /** A CORRECTION: the billed quantity of {@code corrected} becomes {@code quantity}. */
    static GeneratedEvent correction(UUID eventId, Instant time, ReferenceData.Agent agent, UsageEvent corrected,
                                     BigDecimal quantity, String reason) {
        return event(eventId, time, agent, UsageEventKind.CORRECTION, corrected.getResourceType(),
                corrected.getResourceSubtype(), quantity, corrected.getUnit(), corrected.getCallSid(),
                corrected.getExecutionId(), corrected.getEventId(), reason);
    }

    /** A VOID: {@code voided} is not billed; its amounts are repeated for the audit trail. */
    static GeneratedEvent voiding(UUID eventId, Instant time, ReferenceData.Agent agent, UsageEvent voided, String reason) {
        return event(eventId, time, agent, UsageEventKind.VOID, voided.getResourceType(), voided.getResourceSubtype(),
                voided.getQuantity(), voided.getUnit(), voided.getCallSid(), voided.getExecutionId(),
                voided.getEventId(), reason);
    }

    private static GeneratedEvent event(UUID eventId, Instant time, ReferenceData.Agent agent, UsageEventKind kind,
                                        String resourceType, String subtype, BigDecimal quantity, String unit,
                                        String callSid, UUID executionId, UUID corrects, String reason) {
        BigDecimal scaled = scaled(quantity);
        BigDecimal price = Pricing.unitPrice(resourceType, subtype == null ? "" : subtype);
        UsageEvent usage = UsageEvent.newBuilder()
                .setEventId(eventId)
                .setEventTime(time)
                .setOrganizationId(agent.organizationId())
                .setTenantId(agent.tenantId())
                .setAgentId(agent.id())
                .setKind(kind)
                .setResourceType(resourceType)
                .setResourceSubtype(subtype)
                .setQuantity(scaled)
                .setUnit(unit)
                .setUnitPrice(price)
                .setTotalCost(Pricing.totalCost(scaled, price))
                .setBillingPeriod(time.atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1))
                .setCorrectsEventId(corrects)
                .setReason(reason)
                .setCallSid(callSid)
                .setExecutionId(executionId)
                .setMetadata(Map.of())
                .build();
        return new GeneratedEvent(EventTopic.USAGE, agent.tenantId().toString(), usage,
                "usage." + kind + "." + resourceType);
    }

    private static BigDecimal scaled(BigDecimal quantity) {
        return quantity.setScale(6, RoundingMode.HALF_UP);
    }
}
