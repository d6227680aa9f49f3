package com.aybiza.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The event-to-commit lag of the jobs' rows, read in-process from the metric every PostgresSink keeps
 * ({@code eventToCommitLagMillis}: the time from a row's event time to the moment its batch's transaction returned from
 * COMMIT, for every 16th row of a batch). That is the honest figure: it is taken by the writer when the commit is
 * done, so it covers decoding, the front stage, the shuffle, batching and the database, with no clock read after the
 * fact. Rows do not carry their commit time (a column default of now() would be the transaction's start), so the
 * database could only give a lower bound.
 *
 * <p>A Flink {@link MetricReporter} registered in the job's configuration hands this probe every such histogram; at
 * the end their samples (each holds the latest 10,000 of its sink subtask) are merged into one HdrHistogram, as
 * quantiles of separate histograms cannot be averaged. Sinks whose rows wait by design (a finished call's analytics
 * for its join, an agent's day, a quality score) are left out: their lag is a window's length, not the pipeline's.
 */
final class LatencyProbe implements AutoCloseable {

    static final String METRIC = "eventToCommitLagMillis";
    private static final String REPORTER = "metrics.reporter.bench_latency.";
    /** Tables whose rows are made after a wait in event time (a join, a day), not from one event as it arrives. */
    private static final Set<String> WAITING_BY_DESIGN = Set.of("call_analytics.call_analytics",
            "call_analytics.detailed_metrics", "quality.call_quality_scores", "quality.agent_performance_metrics");
    private static final Map<String, LatencyProbe> OPEN = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    /** Each sink subtask's lag histogram, by the table its sink writes. */
    private final Map<String, List<org.apache.flink.metrics.Histogram>> histograms = new TreeMap<>();

    static LatencyProbe open() {
        LatencyProbe probe = new LatencyProbe();
        OPEN.put(probe.id, probe);
        return probe;
    }

    /** Registers the reporter that feeds this probe in the configuration of the MiniCluster the jobs run in. */
    void configure(Configuration conf) {
        conf.setString(REPORTER + "factory.class", Reporter.Factory.class.getName());
        conf.setString(REPORTER + "probe", id);
    }

    private synchronized void add(String table, org.apache.flink.metrics.Histogram histogram) {
        histograms.computeIfAbsent(table, t -> new ArrayList<>()).add(histogram);
    }

    /** The lag of every sampled row the jobs' event sinks committed, in ms. */
    synchronized Histogram distribution() {
        Histogram merged = newHistogram();
        byTable().values().forEach(merged::add);
        return merged;
    }

    /** The same, table by table: where a long tail comes from. */
    synchronized Map<String, Histogram> byTable() {
        Map<String, Histogram> tables = new TreeMap<>();
        histograms.forEach((table, subtasks) -> {
            Histogram merged = newHistogram();
            for (org.apache.flink.metrics.Histogram h : subtasks) {
                for (long millis : h.getStatistics().getValues()) {
                    merged.recordValue(Math.max(0, Math.min(millis, merged.getHighestTrackableValue())));
                }
            }
            tables.put(table, merged);
        });
        return tables;
    }

    synchronized int sinks() {
        return histograms.values().stream().mapToInt(List::size).sum();
    }

    private static Histogram newHistogram() {
        return new Histogram(3_600_000L, 3);
    }

    @Override
    public void close() {
        OPEN.remove(id);
    }

    /** Hands the sinks' lag histograms of the job to the probe named in its configuration. */
    public static final class Reporter implements MetricReporter {

        private LatencyProbe probe;

        @Override
        public void open(MetricConfig config) {
            probe = OPEN.get(config.getString("probe", ""));
        }

        @Override
        public void close() {
        }

        @Override
        public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
            if (probe == null || !METRIC.equals(name) || !(metric instanceof org.apache.flink.metrics.Histogram h)) {
                return;
            }
            // A sink's writer is named after its table: "billing.usage_metering: Writer".
            String table = group.getAllVariables().getOrDefault("<operator_name>", "").replaceFirst(": Writer$", "");
            if (!WAITING_BY_DESIGN.contains(table)) {
                probe.add(table, h);
            }
        }

        @Override
        public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
            // Kept: the samples are read after the job has ended.
        }

        /** Found by Flink through META-INF/services, as every reporter factory is. */
        public static final class Factory implements MetricReporterFactory {
            @Override
            public MetricReporter createMetricReporter(Properties properties) {
                return new Reporter();
            }
        }
    }
}
