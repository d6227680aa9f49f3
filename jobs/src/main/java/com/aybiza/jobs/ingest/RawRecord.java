package com.aybiza.jobs.ingest;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Kafka record as it arrived, before any decoding: the bytes and where they came from. Decoding happens in an
 * operator after the source rather than in the source's deserializer, so a record that cannot be decoded still
 * reaches a place that can dead-letter it with its topic, partition and offset, instead of failing the source.
 *
 * <p>A Flink POJO (public fields, no-arg constructor): serialized field by field, without Kryo.
 */
public class RawRecord {

    public String topic;
    public int partition;
    public long offset;
    /** The record's Kafka timestamp, milliseconds. */
    public long timestamp;
    /**
     * True when the broker set the timestamp on arrival (a LogAppendTime topic); false when the producer set it
     * (CreateTime), which makes it only as trustworthy as the producer's clock.
     */
    public boolean timestampIsArrival;
    /** Null when the record had no key. */
    public byte[] key;
    /** Null for a tombstone. */
    public byte[] value;
    /**
     * The key the front stage shuffles this record by, read from its bytes before it is decoded
     * ({@link PartitionKeyReader}); null until then.
     */
    public String partitionKey;

    public RawRecord() {
    }

    public RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawRecord r && partition == r.partition && offset == r.offset && timestamp == r.timestamp
                && timestampIsArrival == r.timestampIsArrival && Objects.equals(topic, r.topic) && Arrays.equals(key, r.key) && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
