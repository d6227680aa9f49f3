package com.aybiza.jobs.ingest.rules;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Usage events, the ones money depends on: amounts that are not negative (a mistake is fixed by a CORRECTION or a
 * VOID, never by a negative record) and that fit their columns, a total_cost that is quantity x unit_price as the
 * contract defines it, corrections and voids that say what they correct and why, and a record that corrects nothing.
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
        if (usage.getQuantity() != null && usage.getUnitPrice() != null && usage.getTotalCost() != null) {
            // The contract says "rounded to 6 places" without a rounding mode: on a tie, half-up (Java's usual) and
            // half-even (Python's Decimal default) differ by one unit, and both are honest.
            BigDecimal exact = usage.getQuantity().multiply(usage.getUnitPrice());
            BigDecimal total = usage.getTotalCost();
            v.require(total.compareTo(exact.setScale(6, RoundingMode.HALF_UP)) == 0
                            || total.compareTo(exact.setScale(6, RoundingMode.HALF_EVEN)) == 0,
                    () -> "total_cost " + total + " is not quantity x unit_price = " + exact.setScale(6, RoundingMode.HALF_UP));
        }
        if (usage.getKind() == UsageEventKind.RECORD) {
            v.require(usage.getCorrectsEventId() == null, () -> "a RECORD names corrects_event_id " + usage.getCorrectsEventId());
            v.require(usage.getReason() == null, () -> "a RECORD gives a reason: " + usage.getReason());
        } else {
            v.require(usage.getCorrectsEventId() != null, () -> "a " + usage.getKind() + " has no corrects_event_id");
            v.require(!usage.getEventId().equals(usage.getCorrectsEventId()), () -> "a " + usage.getKind() + " corrects itself");
            v.notBlank("reason of a " + usage.getKind(), usage.getReason());
        }
    }
}
