package com.aybiza.jobs.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness per Kafka partition, except that a partition quiet for a while (no record for
 * {@code quiet} of processing time) has its watermark catch up to its latest event. With out-of-orderness alone, the
 * watermark stops that far short of the last event when traffic stops, and whatever waits for it (a burst's last
 * failed logins, an API key's last minute, a call's analytics) waits for the next traffic. A quiet partition has no
 * more of its events on the way, so catching up drops nothing that was in order. Watermarks never go back: an event
 * after the catch-up that is older than the partition's latest is late, as any event behind the watermark is.
 *
 * <p>A partition that never had a record emits nothing; the sources' idleness leaves it out.
 */
final class QuietCatchUpWatermarks<T> implements WatermarkGenerator<T> {

    private final long outOfOrdernessMillis;
    private final long quietNanos;
    private long latest = Long.MIN_VALUE;
    private long lastRecordNanos;
    private long emitted = Long.MIN_VALUE;

    QuietCatchUpWatermarks(Duration outOfOrderness, Duration quiet) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.quietNanos = quiet.toNanos();
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        latest = Math.max(latest, eventTimestamp);
        lastRecordNanos = System.nanoTime();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (latest == Long.MIN_VALUE) {
            return;
        }
        boolean quiet = System.nanoTime() - lastRecordNanos >= quietNanos;
        long candidate = quiet ? latest : latest - outOfOrdernessMillis - 1;
        if (candidate > emitted) {
            emitted = candidate;
            output.emitWatermark(new Watermark(candidate));
        }
    }
}
