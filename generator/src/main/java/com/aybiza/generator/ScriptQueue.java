package com.aybiza.generator;

import java.util.Arrays;

/**
 * A min-heap of scripts by (next event time, arrival order), kept in parallel primitive arrays. At 100,000 events/s
 * half a million calls are in flight; java.util.PriorityQueue with a comparator that asks each script for its time
 * spent most of the generator's CPU on cache misses, this keeps the keys next to each other.
 */
final class ScriptQueue {

    private long[] times = new long[1024];
    private long[] sequences = new long[1024];
    private Script[] scripts = new Script[1024];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    /** Time of the earliest script's next event; only valid when not empty. */
    long peekTime() {
        return times[0];
    }

    void add(Script script, long time, long sequence) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            sequences = Arrays.copyOf(sequences, size * 2);
            scripts = Arrays.copyOf(scripts, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(time, sequence, times[parent], sequences[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, time, sequence, script);
    }

    /** Removes the earliest script; its sequence stays available through {@link #lastSequence()}. */
    Script poll() {
        Script head = scripts[0];
        lastSequence = sequences[0];
        int last = --size;
        long time = times[last];
        long sequence = sequences[last];
        Script script = scripts[last];
        scripts[last] = null;
        if (last > 0) {
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= last) {
                    break;
                }
                if (child + 1 < last && before(times[child + 1], sequences[child + 1], times[child], sequences[child])) {
                    child++;
                }
                if (!before(times[child], sequences[child], time, sequence)) {
                    break;
                }
                move(child, i);
                i = child;
            }
            set(i, time, sequence, script);
        }
        return head;
    }

    private long lastSequence;

    long lastSequence() {
        return lastSequence;
    }

    private static boolean before(long time, long sequence, long otherTime, long otherSequence) {
        return time < otherTime || (time == otherTime && sequence < otherSequence);
    }

    private void move(int from, int to) {
        set(to, times[from], sequences[from], scripts[from]);
    }

    private void set(int i, long time, long sequence, Script script) {
        times[i] = time;
        sequences[i] = sequence;
        scripts[i] = script;
    }
}
