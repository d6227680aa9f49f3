package com.aybiza.jobs.ingest.rules;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;

/**
 * Usage events, the ones money depends on: amounts that are not negative (a mistake is fixed by a CORRECTION or a
 * VOID, never by a negative record), corrections and voids that say what they correct and why, and a record that
 * corrects nothing.
 */
final class UsageEventRules implements EventRules<UsageEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void check(UsageEvent usage, Violations v) {
        v.notBlank("resource_type", usage.getResourceType());
        v.maxLength("resource_type", usage.getResourceType(), 100);
        v.maxLength("resource_subtype", usage.getResourceSubtype(), 100);
        v.notBlank("unit", usage.getUnit());
        v.maxLength("unit", usage.getUnit(), 50);
        v.notNegative("quantity", usage.getQuantity());
        v.notNegative("unit_price", usage.getUnitPrice());
        v.notNegative("total_cost", usage.getTotalCost());
        v.fitsDecimal("quantity", usage.getQuantity(), 20, 6);
        v.fitsDecimal("unit_price", usage.getUnitPrice(), 10, 6);
        v.fitsDecimal("total_cost", usage.getTotalCost(), 10, 6);
        if (usage.getKind() == UsageEventKind.RECORD) {
            v.require(usage.getCorrectsEventId() == null, () -> "a RECORD names corrects_event_id " + usage.getCorrectsEventId());
        } else {
            v.require(usage.getCorrectsEventId() != null, () -> "a " + usage.getKind() + " has no corrects_event_id");
            v.require(!usage.getEventId().equals(usage.getCorrectsEventId()), () -> "a " + usage.getKind() + " corrects itself");
            v.notBlank("reason of a " + usage.getKind(), usage.getReason());
        }
    }
}
