package com.aybiza.generator;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The pipeline's billing rule, applied to the usage events of a run. Events are grouped by their target: a RECORD is
 * its own target, a CORRECTION or VOID targets the event its {@code corrects_event_id} names. A target bills the
 * amounts of its latest CORRECTION (by event time, ties to the larger event id as text), or its own when it has none,
 * and nothing once any VOID names it. Arrival order does not matter, so the totals are only worked out at the end.
 *
 * <p>Targets are looked up within their tenant, because event ids are only unique within a tenant (the contract's
 * idempotency scope). A correction or void whose target is not a RECORD of the run (of its tenant) is an orphan: it
 * bills nothing and is counted. Only what the rule needs is kept per target, not the events.
 */
final class BillableUsage {

    /**
     * What the rule bills, per tenant and resource type (of the target RECORD); {@code orphanAdjustments} counts the
     * corrections and voids whose target is not among the events, which bill nothing.
     */
    record Bill(Map<String, Map<String, BigDecimal>> quantity, Map<String, Map<String, BigDecimal>> cost,
                long orphanAdjustments) {}

    private record Correction(Instant time, UUID eventId, BigDecimal quantity, BigDecimal cost) {

        boolean supersedes(Correction other) {
            int byTime = time.compareTo(other.time);
            // The rule compares ids as text: UUID.compareTo orders by signed longs, which is another order.
            return byTime != 0 ? byTime > 0 : eventId.toString().compareTo(other.eventId.toString()) > 0;
        }
    }

    /** A target: its RECORD's amounts once that has arrived, and what the corrections and voids so far decided. */
    private static final class Target {
        String resourceType;
        BigDecimal quantity;
        BigDecimal cost;
        Correction latest;
        boolean voided;
        int adjustments;
    }

    private final Map<UUID, Map<UUID, Target>> targetsByTenant = new HashMap<>();
    private long adjustmentsNamingNothing;

    void add(UsageEvent event) {
        UUID targetId = event.getKind() == UsageEventKind.RECORD ? event.getEventId() : event.getCorrectsEventId();
        if (targetId == null) {
            adjustmentsNamingNothing++; // the pipeline refuses such an event; it has no target to bill in any case
            return;
        }
        Target target = targetsByTenant.computeIfAbsent(event.getTenantId(), t -> new HashMap<>())
                .computeIfAbsent(targetId, id -> new Target());
        switch (event.getKind()) {
            case RECORD -> {
                // A second RECORD under the same id is a producer's retry: the pipeline keeps the first.
                if (target.resourceType == null) {
                    target.resourceType = event.getResourceType();
                    target.quantity = event.getQuantity();
                    target.cost = event.getTotalCost();
                }
            }
            case CORRECTION -> {
                target.adjustments++;
                Correction correction = new Correction(event.getEventTime(), event.getEventId(), event.getQuantity(),
                        event.getTotalCost());
                if (target.latest == null || correction.supersedes(target.latest)) {
                    target.latest = correction;
                }
            }
            case VOID -> {
                target.adjustments++;
                target.voided = true;
            }
        }
    }

    Bill bill() {
        Map<String, Map<String, BigDecimal>> quantity = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> cost = new TreeMap<>();
        long orphans = adjustmentsNamingNothing;
        for (Map.Entry<UUID, Map<UUID, Target>> tenant : targetsByTenant.entrySet()) {
            String tenantId = tenant.getKey().toString();
            for (Target target : tenant.getValue().values()) {
                if (target.resourceType == null) {
                    orphans += target.adjustments;
                    continue;
                }
                BigDecimal billedQuantity = target.voided ? BigDecimal.ZERO
                        : target.latest != null ? target.latest.quantity() : target.quantity;
                BigDecimal billedCost = target.voided ? BigDecimal.ZERO
                        : target.latest != null ? target.latest.cost() : target.cost;
                add(quantity, tenantId, target.resourceType, billedQuantity, target.quantity.scale());
                add(cost, tenantId, target.resourceType, billedCost, target.cost.scale());
            }
        }
        return new Bill(quantity, cost, orphans);
    }

    /** Sums keep the scale of the column (6), also when a voided target adds a bare zero. */
    private static void add(Map<String, Map<String, BigDecimal>> totals, String tenant, String resourceType,
                            BigDecimal amount, int scale) {
        totals.computeIfAbsent(tenant, t -> new TreeMap<>())
                .merge(resourceType, amount.setScale(Math.max(scale, amount.scale())), BigDecimal::add);
    }
}
