package com.aybiza.jobs.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.jobs.billing.AdjustmentSettlement.Adjustment;
import com.aybiza.jobs.billing.AdjustmentSettlement.Amount;
import com.aybiza.jobs.billing.AdjustmentSettlement.Difference;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AdjustmentSettlementTest {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
    private static final Amount TARGET = amount("10");

    @Test
    void aTargetWithoutAdjustmentsBillsItsOwnAmount() {
        assertThat(AdjustmentSettlement.billed(TARGET, List.of())).isEqualTo(TARGET);
    }

    @Test
    void aCorrectionStoresTheDifferenceToItsAmount() {
        List<Difference> d = AdjustmentSettlement.settle(TARGET, List.of(correction("c1", 5, "7", null)));
        assertThat(d).singleElement().satisfies(x -> assertThat(x.delta()).isEqualTo(amount("-3")));
    }

    @Test
    void theLatestCorrectionByEventTimeWinsWhateverTheArrivalOrder() {
        // The later correction (t+9) arrived and was applied first; the earlier one (t+5) changes nothing.
        Adjustment later = correction("c2", 9, "12", amount("2"));
        Adjustment earlier = correction("c1", 5, "7", null);
        List<Difference> d = AdjustmentSettlement.settle(TARGET, List.of(later, earlier));
        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.eventId()).isEqualTo(earlier.eventId());
            assertThat(x.delta()).isEqualTo(amount("0"));
        });
        assertThat(sum(TARGET, List.of(later), d)).isEqualTo(amount("12"));
    }

    @Test
    void adjustmentsWaitingTogetherAreSettledInEventTimeOrderAndSumToTheRule() {
        List<Adjustment> waiting = List.of(correction("c2", 9, "12", null), correction("c1", 5, "7", null));
        List<Difference> d = AdjustmentSettlement.settle(TARGET, waiting);
        assertThat(d).extracting(Difference::delta).containsExactly(amount("-3"), amount("5"));
        assertThat(sum(TARGET, List.of(), d)).isEqualTo(amount("12"));
    }

    @Test
    void aCorrectionThenAVoidBillsNothing() {
        Adjustment c = correction("c1", 5, "7", amount("-3"));
        List<Difference> d = AdjustmentSettlement.settle(TARGET, List.of(c, voiding("v1", 8, null)));
        assertThat(d).extracting(Difference::delta).containsExactly(amount("-7"));
        assertThat(sum(TARGET, List.of(c), d)).isEqualTo(Amount.ZERO);
    }

    @Test
    void aVoidThenALaterCorrectionStillBillsNothing() {
        Adjustment v = voiding("v1", 5, amount("-10"));
        List<Difference> d = AdjustmentSettlement.settle(TARGET, List.of(v, correction("c1", 9, "7", null)));
        assertThat(d).extracting(Difference::delta).containsExactly(Amount.ZERO);
    }

    @Test
    void settlingAgainWritesNothing() {
        List<Adjustment> applied = List.of(correction("c1", 5, "7", amount("-3")), voiding("v1", 8, amount("-7")));
        assertThat(AdjustmentSettlement.settle(TARGET, applied)).isEmpty();
    }

    private static Amount sum(Amount target, List<Adjustment> applied, List<Difference> differences) {
        Amount total = target;
        for (Adjustment a : applied) {
            total = total.plus(a.applied());
        }
        for (Difference d : differences) {
            total = total.plus(d.delta());
        }
        return new Amount(total.quantity().stripTrailingZeros(), total.cost().stripTrailingZeros());
    }

    private static Adjustment correction(String name, int seconds, String quantity, Amount applied) {
        return new Adjustment(UUID.nameUUIDFromBytes(name.getBytes()), false, T.plusSeconds(seconds), amount(quantity),
                applied);
    }

    private static Adjustment voiding(String name, int seconds, Amount applied) {
        return new Adjustment(UUID.nameUUIDFromBytes(name.getBytes()), true, T.plusSeconds(seconds), TARGET, applied);
    }

    /** A quantity and a cost of a tenth of it, so both columns are checked. */
    private static Amount amount(String quantity) {
        BigDecimal q = new BigDecimal(quantity);
        return new Amount(q, q.divide(BigDecimal.TEN));
    }
}
