package com.aybiza.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * bench --report DIR: the figures as JSON ({@code bench.json}, the two last lines' figures under the same names, plus
 * every stage, the latency percentiles, the heap and the growth steps) and as PNG charts drawn with JFreeChart:
 * {@code stages.png} (rate per stage), {@code latency.png} (the lag's percentiles) and, when stage 8 ran,
 * {@code growth.png}.
 */
final class BenchReport {

    private static final double[] PERCENTILES = {0, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private final BenchResults results;

    BenchReport(BenchResults results) {
        this.results = results;
    }

    /** Writes the files into {@code dir} (which exists) and returns it. */
    Path write(Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("bench.json").toFile(),
                json());
        ChartUtils.saveChartAsPNG(dir.resolve("stages.png").toFile(), stagesChart(), WIDTH, HEIGHT);
        ChartUtils.saveChartAsPNG(dir.resolve("latency.png").toFile(), latencyChart(), WIDTH, HEIGHT);
        if (!results.growth().isEmpty()) {
            ChartUtils.saveChartAsPNG(dir.resolve("growth.png").toFile(), growthChart(), WIDTH, HEIGHT);
        }
        return dir;
    }

    ObjectNode json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode figures = root.putObject("figures");
        for (String pair : results.figuresLine().replaceFirst("^bench ", "").split(" ")) {
            String[] kv = pair.split("=", 2);
            figures.put(kv[0], Long.parseLong(kv[1]));
        }
        for (String pair : results.ratiosLine().replaceFirst("^bench ratios ", "").split(" ")) {
            String[] kv = pair.split("=", 2);
            figures.put(kv[0], Double.parseDouble(kv[1]));
        }
        ArrayNode stages = root.putArray("stages");
        for (StageFigure f : stageFigures()) {
            stages.addObject().put("stage", f.stage()).put("count", f.count()).put("unit", f.unit())
                    .put("seconds", f.seconds()).put("per_second", Math.round(f.perSecond()));
        }
        root.put("reconcile_ok", results.pipeline().reconciliation().ok());
        ObjectNode latency = root.putObject("latency");
        Histogram lag = results.latency().lagMillis();
        latency.put("rate_events_per_s", Math.round(results.latency().rate()))
                .put("records", results.latency().records()).put("sampled_rows", lag.getTotalCount());
        ObjectNode percentiles = latency.putObject("percentiles_ms");
        for (double p : PERCENTILES) {
            percentiles.put(Double.toString(p), lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(p));
        }
        ObjectNode byTable = latency.putObject("by_table");
        results.latency().lagByTable().forEach((table, h) -> byTable.putObject(table)
                .put("sampled_rows", h.getTotalCount())
                .put("p50_ms", h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50))
                .put("p99_ms", h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99)));
        root.putObject("heap_mb").put("peak_used", results.heap().peakUsedMb())
                .put("peak_after_collection", results.heap().peakAfterCollectionMb())
                .put("max", results.heap().maxMb());
        ArrayNode growth = root.putArray("growth");
        for (GrowthBenchmark.Step s : results.growth()) {
            growth.addObject().put("table_rows_before", s.tableRowsBefore()).put("rows", s.figure().count())
                    .put("rows_per_s", Math.round(s.figure().perSecond()));
        }
        return root;
    }

    private StageFigure[] stageFigures() {
        return new StageFigure[] {results.limit(), results.peerSink(), results.ourSink(), results.peerPipeline(),
            results.front().figure(), results.pipeline().events(), results.pipeline().rows()};
    }

    private JFreeChart stagesChart() {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (StageFigure f : stageFigures()) {
            data.addValue(f.perSecond(), "per second", f.stage() + " (" + f.unit() + "/s)");
        }
        return ChartFactory.createBarChart("bench: rate per stage", "stage", "per second", data,
                PlotOrientation.HORIZONTAL, false, false, false);
    }

    private JFreeChart latencyChart() {
        XYSeries series = new XYSeries("event time to commit");
        Histogram lag = results.latency().lagMillis();
        if (lag.getTotalCount() > 0) {
            for (double p : PERCENTILES) {
                series.add(p, lag.getValueAtPercentile(p));
            }
        }
        return ChartFactory.createXYLineChart(String.format("lag at %,.0f events/s (%,d sampled rows)",
                        results.latency().rate(), lag.getTotalCount()), "percentile", "ms",
                new XYSeriesCollection(series), PlotOrientation.VERTICAL, true, false, false);
    }

    private JFreeChart growthChart() {
        XYSeries series = new XYSeries("our sink");
        for (GrowthBenchmark.Step s : results.growth()) {
            series.add(s.tableRowsBefore() / 1e6, s.figure().perSecond());
        }
        return ChartFactory.createXYLineChart("growth of billing.usage_metering", "rows in the table before the step "
                + "(millions)", "rows/s", new XYSeriesCollection(series), PlotOrientation.VERTICAL, true, false, false);
    }
}
