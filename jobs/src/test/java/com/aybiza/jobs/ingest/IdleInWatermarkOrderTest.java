package com.aybiza.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkOutputMultiplexer;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * One Kafka source subtask as Flink 1.20 runs it (ProgressiveTimestampsAndWatermarks): a generator per partition on a
 * deferred output of a {@link WatermarkOutputMultiplexer}, and every 200 ms each partition's {@code onPeriodicEmit},
 * then one combined update. Partition a ends at 39.984 s, partition b at 39.681 s, partition c holds nothing.
 */
class IdleInWatermarkOrderTest {

    private static final long A_LATEST = 39_984;
    private static final long B_LATEST = 39_681;

    private final List<Long> emitted = new ArrayList<>();
    private boolean idle;
    private final WatermarkOutputMultiplexer subtask = new WatermarkOutputMultiplexer(new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    });
    private final ManualClock clock = new ManualClock();
    private final List<String> partitions = List.of("a", "b", "c");
    private final List<WatermarkGenerator<Long>> generators = new ArrayList<>();

    private void partitions(boolean inOrder) {
        IdleInWatermarkOrder.Peers peers = new IdleInWatermarkOrder.Peers();
        for (String partition : partitions) {
            subtask.registerNewOutput(partition, watermark -> { });
            WatermarkGenerator<Long> generator = new WatermarksWithIdleness<>(
                    new QuietCatchUpWatermarks<>(Duration.ofSeconds(5), Duration.ofMillis(1)), Duration.ofMinutes(1),
                    clock);
            generators.add(inOrder ? new IdleInWatermarkOrder<>(generator, peers) : generator);
        }
    }

    private void read(String partition, long eventTime) {
        generators.get(partitions.indexOf(partition)).onEvent(eventTime, eventTime,
                subtask.getImmediateOutput(partition));
    }

    private void emit() throws InterruptedException {
        for (int i = 0; i < partitions.size(); i++) {
            generators.get(i).onPeriodicEmit(subtask.getDeferredOutput(partitions.get(i)));
        }
        subtask.onPeriodicEmit();
        clock.advanceTime(Duration.ofMillis(200));
        Thread.sleep(2); // past the quiet time of the partitions' generators
    }

    private void emitFor(Duration duration) throws InterruptedException {
        for (long i = 0; i < duration.toMillis() / 200; i++) {
            emit();
        }
    }

    /** A restart reads each partition's backlog at once: their idleness starts, and ends, in the same emission. */
    private void restartReadingBothBacklogsAtOnce() throws InterruptedException {
        emit();
        read("a", A_LATEST);
        read("b", B_LATEST);
        emitFor(Duration.ofSeconds(80));
    }

    @Test
    void flinkAloneLeavesTheSubtaskAtTheLowerPartitionWhenBothGoIdleTogether() throws InterruptedException {
        partitions(false);
        restartReadingBothBacklogsAtOnce();
        assertThat(emitted).as("a's events after 39.681 s wait for the next traffic").doesNotContain(A_LATEST);
        assertThat(idle).isTrue();
    }

    /**
     * A restart that reads the whole backlog before the first emission (a small topic, as the security one): the
     * empty partition's idleness starts with the others', and all go idle together. The subtask never has a watermark:
     * the detections wait for the next traffic. JobsEndToEndIT failed so, with every burst detection missing.
     */
    @Test
    void flinkAloneLeavesTheSubtaskWithoutWatermarkWhenAnEmptyPartitionGoesIdleWithTheOthers()
            throws InterruptedException {
        partitions(false);
        read("a", A_LATEST);
        read("b", B_LATEST);
        emitFor(Duration.ofSeconds(80));
        assertThat(emitted).isEmpty();
        assertThat(idle).isTrue();
    }

    @Test
    void theSubtaskReachesItsLatestEventWhenAllItsPartitionsGoIdleTogether() throws InterruptedException {
        partitions(true);
        read("a", A_LATEST);
        read("b", B_LATEST);
        emitFor(Duration.ofSeconds(80));
        assertThat(emitted).containsExactly(B_LATEST, A_LATEST);
        assertThat(idle).isTrue();
    }

    @Test
    void theSubtaskReachesItsLatestEventWhenItsPartitionsGoIdleTogether() throws InterruptedException {
        partitions(true);
        restartReadingBothBacklogsAtOnce();
        assertThat(emitted.get(emitted.size() - 1)).isEqualTo(A_LATEST);
        assertThat(idle).as("then idle, as with the idleness alone").isTrue();
    }

    @Test
    void theSubtaskReachesItsLatestEventWhenThePartitionAheadIsReadFirst() throws InterruptedException {
        partitions(true);
        emit();
        read("a", A_LATEST);
        emit();
        read("b", B_LATEST); // b goes quiet, and so idle, one emission after a
        emitFor(Duration.ofSeconds(80));
        assertThat(emitted.get(emitted.size() - 1)).isEqualTo(A_LATEST);
        assertThat(idle).isTrue();
    }

    @Test
    void aPartitionAheadStaysActiveOnlyWhileOneBehindItStillGetsRecords() throws InterruptedException {
        partitions(true);
        emit();
        read("a", A_LATEST);
        long b = 0;
        for (int i = 0; i < 500; i++) { // 100 s in which b's records come, 100 ms of event time each 200 ms
            read("b", b += 100);
            emit();
        }
        assertThat(idle).isFalse();
        assertThat(emitted.get(emitted.size() - 1)).as("b is ahead of a now: a went idle").isEqualTo(b - 5_000 - 1);
    }
}
