package com.aybiza.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.IntPrimitiveArraySerializer;
import org.junit.jupiter.api.Test;

/** How the sink keeps a row until its batch commits: copied only when the row may change under it. */
class PostgresSinkTest {

    @Test
    void copiesEachRowWhenObjectReuseIsOnAndTheOperatorBeforeMayKeepIt() {
        UnaryOperator<int[]> copier = PostgresSink.rowCopier(true, true, () -> IntPrimitiveArraySerializer.INSTANCE);
        int[] row = {1, 2, 3};
        int[] kept = copier.apply(row);
        row[0] = 99; // what an operator that reuses its output object does with the next record
        assertThat(kept).isNotSameAs(row).containsExactly(1, 2, 3);
    }

    @Test
    void keepsRowsAsTheyAreWhenTheOperatorBeforeLetsGoOfThem() {
        UnaryOperator<int[]> copier = PostgresSink.rowCopier(true, false, PostgresSinkTest::noSerializer);
        int[] row = {1, 2, 3};
        assertThat(copier.apply(row)).isSameAs(row);
    }

    @Test
    void keepsRowsAsTheyAreWithoutObjectReuse() {
        // Flink then hands every operator an object of its own.
        UnaryOperator<int[]> copier = PostgresSink.rowCopier(false, true, PostgresSinkTest::noSerializer);
        int[] row = {1, 2, 3};
        assertThat(copier.apply(row)).isSameAs(row);
    }

    private static TypeSerializer<int[]> noSerializer() {
        throw new AssertionError("no serializer is needed when nothing is copied");
    }
}
