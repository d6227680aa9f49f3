package com.aybiza.jobs.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Lets a source subtask's partitions go idle lowest watermark first, so that the subtask's watermark ends at its
 * partitions' latest event, not at the lowest partition's.
 *
 * <p>Flink combines the watermarks of one source subtask's partitions (splits) into the minimum over the partitions
 * that are not idle, once per periodic emission after every partition's generator ran. When the last partitions
 * still active all go idle in the same emission (as after a restart, which reads every partition's backlog at once
 * and so starts their idleness timers together), or the one ahead goes idle first, the combined watermark stays at
 * the lowest of them for good: nothing combines the watermarks of idle partitions. The events of the partition
 * ahead that are later than that wait, in every event-time operator, for the next traffic (a burst's last failed
 * logins, a call's analytics). Here a partition that its idleness ({@code inner}, e.g. Flink's
 * {@code WatermarksWithIdleness}) marked idle goes idle only once no other partition of the subtask that is still
 * active has a lower watermark, and has had none since its previous emission: the lower ones go idle first, the
 * combined watermark moves up to the one still active, and only then does that one go idle too. A partition is so
 * only ever idle later than its idleness says, and while it waits, its watermark is above the combined one: no event
 * becomes late that would not be with the plain idleness.
 *
 * <p>The generators of one subtask share {@link Peers}: one instance per source subtask, which each task gets with
 * its own copy of the watermark strategy. Flink calls them all from the subtask's task thread.
 */
final class IdleInWatermarkOrder<T> implements WatermarkGenerator<T> {

    /** The generators of one source subtask's partitions. */
    static final class Peers {
        private final List<IdleInWatermarkOrder<?>> members = new ArrayList<>();

        synchronized void add(IdleInWatermarkOrder<?> member) {
            members.add(member);
        }

        /**
         * Whether a partition other than {@code self} that is not idle is behind {@code watermark}. A generator that
         * missed the emissions since {@code sinceNanos} by far belongs to a partition the subtask no longer reads.
         */
        synchronized boolean anyActiveBelow(IdleInWatermarkOrder<?> self, long watermark, long sinceNanos) {
            for (IdleInWatermarkOrder<?> m : members) {
                if (m != self && !m.idle && m.watermark < watermark
                        && sinceNanos - m.lastEmitNanos < RELEASED_NANOS) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A generator not asked to emit for this long (Flink asks every 200 ms) is of a partition no longer read. */
    private static final long RELEASED_NANOS = 10_000_000_000L;

    private final WatermarkGenerator<T> inner;
    private final Peers peers;
    private final Output output = new Output();
    /** The last watermark emitted, as Flink's combination knows it. */
    private long watermark = Long.MIN_VALUE;
    private boolean idle;
    private boolean wantsIdle;
    private boolean clearBefore;
    private long lastEmitNanos = System.nanoTime();

    IdleInWatermarkOrder(WatermarkGenerator<T> inner, Peers peers) {
        this.inner = inner;
        this.peers = peers;
        peers.add(this);
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput out) {
        wantsIdle = false;
        clearBefore = false;
        inner.onEvent(event, eventTimestamp, output.to(out));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {
        long previousEmitNanos = lastEmitNanos;
        lastEmitNanos = System.nanoTime();
        inner.onPeriodicEmit(output.to(out));
        if (!wantsIdle || idle) {
            clearBefore = false;
            return;
        }
        boolean clear = !peers.anyActiveBelow(this, watermark, previousEmitNanos);
        if (clear && clearBefore) {
            idle = true;
            out.markIdle();
        }
        clearBefore = clear;
    }

    /** Passes the inner generator's watermarks on, and holds its idleness for {@link #onPeriodicEmit}. */
    private final class Output implements WatermarkOutput {
        private WatermarkOutput target;

        Output to(WatermarkOutput out) {
            target = out;
            return this;
        }

        @Override
        public void emitWatermark(Watermark w) {
            // Flink's combination takes a partition that emits a watermark as active again.
            idle = false;
            wantsIdle = false;
            watermark = Math.max(watermark, w.getTimestamp());
            target.emitWatermark(w);
        }

        @Override
        public void markIdle() {
            wantsIdle = true;
        }

        @Override
        public void markActive() {
            idle = false;
            wantsIdle = false;
            target.markActive();
        }
    }
}
