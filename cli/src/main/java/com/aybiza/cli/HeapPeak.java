package com.aybiza.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * The peak heap of this JVM while the jobs run in it (the bench runs them in a MiniCluster here, beside the
 * generator of the fixed-rate phase): the heap in use sampled every 20 ms on a thread of its own, and the largest heap
 * left in use right after a collection. Used heap includes garbage not yet collected, so its peak follows the
 * collector's pacing and -Xmx as much as the jobs; what a collection leaves is closer to what was live, but still holds
 * the garbage of regions that collection did not reach (a young collection leaves the old generation as it is). Both
 * figures are printed; the one to trust for "fits in N" is a run with -Xmx N that keeps its speed.
 */
final class HeapPeak implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakUsed;
    private volatile long peakAfterCollection;

    private HeapPeak() {
        sampler = new Thread(this::sample, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts sampling now; the peaks of earlier stages are forgotten. */
    static HeapPeak start() {
        return new HeapPeak();
    }

    private void sample() {
        while (running) {
            peakUsed = Math.max(peakUsed, memory.getHeapMemoryUsage().getUsed());
            peakAfterCollection = Math.max(peakAfterCollection, afterCollection());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The largest heap in use seen, in MiB. */
    long peakUsedMb() {
        return peakUsed / (1024 * 1024);
    }

    /** The largest heap in use right after a collection, in MiB. */
    long peakAfterCollectionMb() {
        return peakAfterCollection / (1024 * 1024);
    }

    /** The heap in use after the latest collection, summed over the heap's pools. */
    private long afterCollection() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            if (pool.getCollectionUsage() != null) {
                bytes += pool.getCollectionUsage().getUsed();
            }
        }
        return bytes;
    }

    /** -Xmx, in MiB. */
    long maxMb() {
        return memory.getHeapMemoryUsage().getMax() / (1024 * 1024);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
