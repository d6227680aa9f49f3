package com.aybiza.jobs.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;

/**
 * Event time from the first moment a record is read: each Kafka partition (source split) gets its own watermarks,
 * from the event_time inside the record, with bounded out-of-orderness that catches up when the partition goes quiet
 * ({@link QuietCatchUpWatermarks}), and idleness, the partitions of a subtask idle in watermark order
 * ({@link IdleInWatermarkOrder}). Watermarks made per partition at
 * the source stay right when partitions are read at different speeds (a catch-up, a replay from the earliest offset):
 * made downstream of a shuffle, one fast partition would make every other partition's events late.
 *
 * <p>The event_time is read without decoding the record: every contract starts with {@code event_id} (a string) and
 * {@code event_time} (timestamp-micros), so it sits right after Avro's single-object header and the id (a test holds
 * every contract to that). A record whose time cannot be read, or whose time is more than the allowed clock skew
 * ahead of its arrival (validation will refuse it), is stamped with its arrival instead, so that no broken clock can
 * push a partition's watermark into the future.
 */
public final class SourceEventTime implements SerializableTimestampAssigner<RawRecord> {

    private static final long serialVersionUID = 1L;

    /** Avro single-object encoding: 2 marker bytes, then the 8-byte schema fingerprint. */
    private static final int HEADER = 10;

    private final long maxClockSkewMillis;

    SourceEventTime(Duration maxClockSkew) {
        this.maxClockSkewMillis = maxClockSkew.toMillis();
    }

    /** After this long without a record, a partition's watermark catches up to its latest event. */
    public static final Duration QUIET = Duration.ofSeconds(10);

    /** The watermark strategy of every input topic's source. */
    public static WatermarkStrategy<RawRecord> watermarks(IngestSettings ingest) {
        return WatermarkStrategy.<RawRecord>forGenerator(new PartitionWatermarks(ingest.outOfOrderness(),
                        ingest.idleness()))
                .withTimestampAssigner(new SourceEventTime(ingest.maxClockSkew()));
    }

    /**
     * A partition's generator: {@link QuietCatchUpWatermarks}, idle after {@code idleness} without a record (Flink's
     * idleness, on the source's input activity clock as {@code withIdleness} has it), in watermark order among the
     * partitions of its subtask. Each source subtask deserializes its own copy of the strategy, and so of this
     * supplier, and makes its partitions' generators in its task thread: the generators made in one thread are one
     * subtask's partitions (keyed by thread too, should a copy ever be shared).
     */
    static final class PartitionWatermarks implements WatermarkGeneratorSupplier<RawRecord> {

        private static final long serialVersionUID = 1L;

        private final Duration outOfOrderness;
        private final Duration idleness;
        private transient Map<Thread, IdleInWatermarkOrder.Peers> peers;

        PartitionWatermarks(Duration outOfOrderness, Duration idleness) {
            this.outOfOrderness = outOfOrderness;
            this.idleness = idleness;
        }

        @Override
        public synchronized WatermarkGenerator<RawRecord> createWatermarkGenerator(Context context) {
            if (peers == null) {
                peers = new HashMap<>();
            }
            return new IdleInWatermarkOrder<>(new WatermarksWithIdleness<>(
                    new QuietCatchUpWatermarks<>(outOfOrderness, QUIET), idleness, context.getInputActivityClock()),
                    peers.computeIfAbsent(Thread.currentThread(), thread -> new IdleInWatermarkOrder.Peers()));
        }
    }

    @Override
    public long extractTimestamp(RawRecord record, long recordTimestamp) {
        long micros = eventTimeMicros(record.value);
        if (micros == Long.MIN_VALUE) {
            return recordTimestamp;
        }
        long millis = Math.floorDiv(micros, 1000L);
        return recordTimestamp > 0 && millis > recordTimestamp + maxClockSkewMillis ? recordTimestamp : millis;
    }

    /** The record's event_time in microseconds, or {@link Long#MIN_VALUE} when it cannot be read. */
    static long eventTimeMicros(byte[] value) {
        if (value == null || value.length <= HEADER || value[0] != (byte) 0xC3 || value[1] != (byte) 0x01) {
            return Long.MIN_VALUE;
        }
        int[] position = {HEADER};
        long idLength = readLong(value, position);
        if (idLength < 0 || idLength > 64 || position[0] + idLength >= value.length) {
            return Long.MIN_VALUE;
        }
        position[0] += (int) idLength;
        return readLong(value, position);
    }

    /** Avro's zig-zag varint long; {@link Long#MIN_VALUE} when the bytes end first or it runs too long. */
    private static long readLong(byte[] bytes, int[] position) {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= bytes.length) {
                return Long.MIN_VALUE;
            }
            byte b = bytes[position[0]++];
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        return Long.MIN_VALUE;
    }
}
