package com.aybiza.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Every figure of a bench run, printed as a table and then as the two machine-readable lines that end the output
 * (their format is fixed: scripts and the README's table read them).
 */
record BenchResults(StageFigure limit, StageFigure peerSink, StageFigure ourSink, StageFigure peerPipeline,
                    FrontStageBenchmark.Result front, PipelineBenchmark.CatchUpResult pipeline,
                    PipelineBenchmark.LatencyResult latency, HeapFigures heap, List<GrowthBenchmark.Step> growth) {

    /** Stage 7: how the jobs' JVM heap peaked during stage 6. */
    record HeapFigures(long peakUsedMb, long peakAfterCollectionMb, long maxMb) {
    }

    long p50Millis() {
        return latency.lagMillis().getTotalCount() == 0 ? 0 : latency.lagMillis().getValueAtPercentile(50);
    }

    long p99Millis() {
        return latency.lagMillis().getTotalCount() == 0 ? 0 : latency.lagMillis().getValueAtPercentile(99);
    }

    void print(PrintWriter out) {
        out.println();
        String format = "%-3s %-14s %,12d %-7s %8.2f s %,12.0f %s/s%n";
        out.printf("%-3s %-14s %12s %-7s %10s %14s%n", "#", "STAGE", "COUNT", "", "TIME", "RATE");
        row(out, format, "1", limit);
        row(out, format, "2", peerSink);
        row(out, format, "3", ourSink);
        row(out, format, "4", peerPipeline);
        row(out, format, "5", front.figure());
        row(out, format, "6", pipeline.events());
        row(out, format, "6", pipeline.rows());
        out.printf("    front stage: %,d events prepared, %,d dead letters%n", front.prepared(), front.deadLetters());
        out.printf("    pipeline: %s%n", pipeline.reconciliation().ok() ? "reconcile OK" : "reconcile DIFFERS");
        out.printf("6   latency at %,.0f events/s (%,d records): event time to commit p50 %,d ms, p99 %,d ms, max %,d "
                        + "ms over %,d sampled rows of %d sink subtasks%n", latency.rate(), latency.records(),
                p50Millis(), p99Millis(), latency.lagMillis().getMaxValue(), latency.lagMillis().getTotalCount(),
                latency.sinks());
        latency.lagByTable().forEach((table, lag) -> out.printf("      %-36s p50 %,7d ms  p99 %,7d ms  (%,d rows)%n",
                table, lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(50),
                lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99), lag.getTotalCount()));
        out.printf("7   heap of the jobs' JVM (this one) during stage 6: peak in use %,d MiB (sampled every 20 ms), "
                + "peak left after a collection %,d MiB, -Xmx %,d MiB%n", heap.peakUsedMb(),
                heap.peakAfterCollectionMb(), heap.maxMb());
        if (!growth.isEmpty()) {
            out.println("8   growth of billing.usage_metering, our sink:");
            for (GrowthBenchmark.Step s : growth) {
                out.printf("      from %,12d rows: %,10.0f rows/s%n", s.tableRowsBefore(), s.figure().perSecond());
            }
        }
        out.println(figuresLine());
        out.println(ratiosLine());
        out.flush();
    }

    private static void row(PrintWriter out, String format, String number, StageFigure f) {
        out.printf(format, number, f.stage(), f.count(), f.unit(), f.seconds(), f.perSecond(), f.unit());
    }

    String figuresLine() {
        return String.format(Locale.ROOT, "bench limit_rows_per_s=%d peer_rows_per_s=%d sink_rows_per_s=%d "
                        + "peer_e2e_events_per_s=%d front_events_per_s=%d e2e_events_per_s=%d e2e_rows_per_s=%d "
                        + "p50_ms=%d p99_ms=%d heap_peak_mb=%d",
                round(limit), round(peerSink), round(ourSink), round(peerPipeline), round(front.figure()),
                round(pipeline.events()), round(pipeline.rows()), p50Millis(), p99Millis(), heap.peakUsedMb());
    }

    String ratiosLine() {
        return String.format(Locale.ROOT, "bench ratios sink_vs_limit=%.2f sink_vs_peer=%.2f front_vs_peer=%.2f "
                        + "e2e_vs_peer=%.2f e2e_rows_vs_limit=%.2f",
                ratio(ourSink, limit), ratio(ourSink, peerSink), ratio(front.figure(), peerPipeline),
                ratio(pipeline.events(), peerPipeline), ratio(pipeline.rows(), limit));
    }

    static long round(StageFigure f) {
        return Math.round(f.perSecond());
    }

    static double ratio(StageFigure a, StageFigure b) {
        return b.perSecond() == 0 ? 0 : a.perSecond() / b.perSecond();
    }
}
