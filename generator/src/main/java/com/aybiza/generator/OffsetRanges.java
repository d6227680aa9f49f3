package com.aybiza.generator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per topic and partition, the first and last offset the broker gave the run's records. It scopes what a run caused:
 * `bin/aybiza reconcile` counts only the dead letters whose source record lies in these ranges, so runs on the same
 * topics (one after the other, or a redrive) do not count each other's. Filled from the producer's acknowledgements.
 */
public final class OffsetRanges {

    private final Map<String, Map<Integer, long[]>> ranges = new TreeMap<>();

    public synchronized void record(String topic, int partition, long offset) {
        long[] range = ranges.computeIfAbsent(topic, t -> new TreeMap<>())
                .computeIfAbsent(partition, p -> new long[] {offset, offset});
        range[0] = Math.min(range[0], offset);
        range[1] = Math.max(range[1], offset);
    }

    public synchronized boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** {"topic": {"partition": [first, last]}}, in the ledger's "offsets". */
    synchronized void writeTo(ObjectNode node) {
        ranges.forEach((topic, partitions) -> {
            ObjectNode ofTopic = node.putObject(topic);
            partitions.forEach((partition, range) -> ofTopic.putArray(String.valueOf(partition)).add(range[0]).add(range[1]));
        });
    }
}
