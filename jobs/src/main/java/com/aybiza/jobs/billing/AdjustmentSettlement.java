package com.aybiza.jobs.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The billing rule for corrections and voids, written once: a target's billed amount is that of its latest CORRECTION
 * by event time (ties: the larger event id), its own if it has none, and zero once any VOID names it. Each adjustment
 * is stored as a row of its own holding a signed difference; {@link #settle} computes the differences of the
 * adjustments not yet stored so that, added to those already stored, they sum to the rule's amount, whatever order
 * the events arrived in.
 */
final class AdjustmentSettlement {

    /** A quantity and its cost. */
    record Amount(BigDecimal quantity, BigDecimal cost) {
        static final Amount ZERO = new Amount(BigDecimal.ZERO, BigDecimal.ZERO);

        Amount plus(Amount other) {
            return new Amount(quantity.add(other.quantity), cost.add(other.cost));
        }

        Amount minus(Amount other) {
            return new Amount(quantity.subtract(other.quantity), cost.subtract(other.cost));
        }

        /** Equal by value: 1.50 and 1.5 are the same amount. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Amount a && quantity.compareTo(a.quantity) == 0 && cost.compareTo(a.cost) == 0;
        }

        @Override
        public int hashCode() {
            return quantity.stripTrailingZeros().hashCode() * 31 + cost.stripTrailingZeros().hashCode();
        }
    }

    /**
     * A CORRECTION or VOID of the target: {@code reported} is what the event says (a correction's new amount);
     * {@code applied} the difference already stored for it, or null while it has none.
     */
    record Adjustment(UUID eventId, boolean isVoid, Instant eventTime, Amount reported, Amount applied) {
    }

    /** The difference to store for one adjustment. */
    record Difference(UUID eventId, Amount delta) {
    }

    private static final Comparator<Adjustment> BY_EVENT_TIME =
            Comparator.comparing(Adjustment::eventTime).thenComparing(a -> a.eventId().toString());

    private AdjustmentSettlement() {
    }

    /** The amount the rule bills for a target of amount {@code target} given {@code adjustments}. */
    static Amount billed(Amount target, Collection<Adjustment> adjustments) {
        Adjustment latestCorrection = null;
        for (Adjustment a : adjustments) {
            if (a.isVoid()) {
                return Amount.ZERO;
            }
            if (latestCorrection == null || BY_EVENT_TIME.compare(a, latestCorrection) > 0) {
                latestCorrection = a;
            }
        }
        return latestCorrection == null ? target : latestCorrection.reported();
    }

    /**
     * The differences for the adjustments that have none stored yet, in event-time order: each is what its arrival
     * changes in the billed amount, so the stored rows tell the story and their sum is exact.
     */
    static List<Difference> settle(Amount target, List<Adjustment> adjustments) {
        List<Adjustment> considered = new ArrayList<>();
        Amount stored = target;
        for (Adjustment a : adjustments) {
            if (a.applied() != null) {
                considered.add(a);
                stored = stored.plus(a.applied());
            }
        }
        List<Adjustment> waiting = adjustments.stream().filter(a -> a.applied() == null).sorted(BY_EVENT_TIME).toList();
        List<Difference> differences = new ArrayList<>();
        for (Adjustment a : waiting) {
            considered.add(a);
            Amount due = billed(target, considered);
            differences.add(new Difference(a.eventId(), due.minus(stored)));
            stored = due;
        }
        return differences;
    }
}
