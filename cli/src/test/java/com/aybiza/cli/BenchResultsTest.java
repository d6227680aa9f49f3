package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BenchResultsTest {

    private static BenchResults results() {
        Histogram lag = new Histogram(3_600_000L, 3);
        for (long ms = 1; ms <= 100; ms++) {
            lag.recordValue(ms * 10);
        }
        return new BenchResults(new StageFigure("limit", 100_000, "rows", 1.0),
                new StageFigure("peer sink", 100_000, "rows", 3.0),
                new StageFigure("our sink", 100_000, "rows", 1.5),
                new StageFigure("peer pipeline", 30_000, "events", 1.0),
                new FrontStageBenchmark.Result(new StageFigure("front stage", 90_000, "events", 1.0), 89_000, 0),
                new PipelineBenchmark.CatchUpResult(new StageFigure("pipeline", 60_000, "events", 1.0),
                        new StageFigure("pipeline rows", 150_000, "rows", 1.0), new Reconciliation()),
                new PipelineBenchmark.LatencyResult(30_000, 300_000, lag,
                        Map.of("billing.usage_metering", lag), 12),
                new BenchResults.HeapFigures(700, 200, 1024), List.of());
    }

    @Test
    void figuresLineHoldsRoundedRatesAndTheLagPercentiles() {
        assertThat(results().figuresLine()).isEqualTo("bench limit_rows_per_s=100000 peer_rows_per_s=33333 "
                + "sink_rows_per_s=66667 peer_e2e_events_per_s=30000 front_events_per_s=90000 e2e_events_per_s=60000 "
                + "e2e_rows_per_s=150000 p50_ms=500 p99_ms=990 heap_peak_mb=700");
    }

    @Test
    void ratiosLineHasTwoDecimalsWithAPointWhateverTheLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertThat(results().ratiosLine()).isEqualTo("bench ratios sink_vs_limit=0.67 sink_vs_peer=2.00 "
                    + "front_vs_peer=3.00 e2e_vs_peer=2.00 e2e_rows_vs_limit=1.50");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void theTwoFigureLinesEndTheTable() {
        StringWriter out = new StringWriter();
        BenchResults results = results();
        results.print(new PrintWriter(out));
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.subList(lines.size() - 2, lines.size()))
                .containsExactly(results.figuresLine(), results.ratiosLine());
    }

    @Test
    void growthStepsAreAMillionOrAFifthOfASmallerTotal() {
        assertThat(GrowthBenchmark.stepOf(10_000_000)).isEqualTo(1_000_000);
        assertThat(GrowthBenchmark.stepOf(50_000)).isEqualTo(10_000);
    }

    @Test
    void prefillDensityIsAHundredthOfTheRecordsWithinBounds() {
        assertThat(BenchTraffic.density(20_000)).isEqualTo(1_000);
        assertThat(BenchTraffic.density(500_000)).isEqualTo(5_000);
        assertThat(BenchTraffic.density(10_000_000)).isEqualTo(10_000);
    }
}
