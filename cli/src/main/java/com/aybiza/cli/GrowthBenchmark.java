package com.aybiza.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 8, growth: our sink appends to billing.usage_metering one step after the other (a million rows a step, or a
 * fifth of a smaller total) until it holds {@code rows}, each step its own job, so each step's rows/s shows what the
 * table's size costs (index upkeep, the day's partition or chunk growing). Job start-up is in every step alike.
 */
final class GrowthBenchmark {

    private static final long MILLION = 1_000_000;

    record Step(long tableRowsBefore, StageFigure figure) {
    }

    private final SinkBenchmark sink;

    GrowthBenchmark(SinkBenchmark sink) {
        this.sink = sink;
    }

    static long stepOf(long rows) {
        return rows >= 2 * MILLION ? MILLION : Math.max(1, rows / 5);
    }

    List<Step> run(long rows, PrintWriter out) throws Exception {
        long step = stepOf(rows);
        List<Step> steps = new ArrayList<>();
        for (long from = 0; from < rows; from += step) {
            long count = Math.min(step, rows - from);
            StageFigure figure = sink.appendWithOurSink(from, count);
            steps.add(new Step(from, figure));
            out.printf("  growth   %,12d .. %,12d rows  %,10.0f rows/s%n", from, from + count, figure.perSecond());
            out.flush();
        }
        return steps;
    }
}
