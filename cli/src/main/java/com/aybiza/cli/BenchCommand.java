package com.aybiza.cli;

import com.aybiza.jobs.JobSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * bin/aybiza bench: the platform's figures against the database's limit and the usual alternative, one stage after
 * the other in one run, on the same machine, database and broker ({@link BenchServices}). Each stage is a class of
 * its own; this command runs them in order, checks their counts and prints {@link BenchResults}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Measures, one after the other on the same database (embedded PostgreSQL 17 unless --jdbc-url) and broker "
                    + "(an embedded one unless --bootstrap-servers), on freshly truncated tables: 1 limit (text COPY "
                    + "of billing.usage_metering rows), 2 peer sink (flink-connector-jdbc's JdbcSink as documented: "
                    + "batch 5000, reWriteBatchedInserts=true, ON CONFLICT DO NOTHING), 3 our sink (PostgresSink, "
                    + "billing writer), 4 peer pipeline (usage topic -> generated Avro class -> JdbcSink), 5 front "
                    + "stage (all input topics, decode/validate/enrich/dedup, output discarded), 6 our pipeline "
                    + "(every job over --events pre-filled records until caught up, reconciled with the generator's "
                    + "ledger; then event-to-commit lag p50/p99 at half that rate for --duration), 7 the jobs' peak "
                    + "heap during 6, 8 (--growth) our sink's rows/s per million rows as usage_metering grows to "
                    + "--rows.",
            "Ends with two lines: 'bench limit_rows_per_s=N ... heap_peak_mb=N' and 'bench ratios ...'. Exits 1 if "
                    + "a stage stores other counts than it should, or reconcile finds a difference.",
            "It TRUNCATEs the jobs' tables: point --jdbc-url at a database of its own."
        })
final class BenchCommand implements Callable<Integer> {

    private static final long DEFAULT_ROWS = 1_000_000;
    private static final long DEFAULT_GROWTH_ROWS = 10_000_000;
    private static final long QUICK_ROWS = 50_000;
    private static final long QUICK_EVENTS = 20_000;
    private static final Duration QUICK_DURATION = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--rows", description = "rows of stages 1-3 (default 1,000,000) and the size stage 8 grows the "
            + "table to (default 10,000,000)")
    Long rows;

    @Option(names = "--events", description = "records pre-filled over all topics for stages 4-6 (default 1,000,000)")
    Long events;

    @Option(names = "--rate", description = "events/s of the latency phase of stage 6 (default: half the measured "
            + "maximum of stage 6)")
    Double rate;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "how long the latency phase of stage 6 runs, e.g. 60s (default 60s)")
    Duration duration;

    @Option(names = "--quick", description = "every stage small, in about a minute: rows 50,000, events 20,000, "
            + "duration 10s (explicit options still win)")
    boolean quick;

    @Option(names = "--growth", description = "also run stage 8, growth (long: 10 million rows by default)")
    boolean growth;

    @Option(names = "--report", paramLabel = "DIR", description = "also write the figures as JSON and charts (PNG) "
            + "into DIR")
    Path report;

    @Option(names = "--parallelism", defaultValue = "1",
            description = "sink subtasks of stages 2, 3 and 8 (default ${DEFAULT-VALUE}; COPY is one stream)")
    int parallelism;

    @Option(names = "--pipeline-parallelism", defaultValue = "2",
            description = "parallelism of the pipeline stages 4-6 (default ${DEFAULT-VALUE})")
    int pipelineParallelism;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long stageRows = rows != null ? rows : quick ? QUICK_ROWS : DEFAULT_ROWS;
        long growthRows = rows != null ? rows : quick ? QUICK_ROWS : DEFAULT_GROWTH_ROWS;
        long prefill = events != null ? events : quick ? QUICK_EVENTS : DEFAULT_ROWS;
        Duration latencyDuration = duration != null ? duration : quick ? QUICK_DURATION : Duration.ofSeconds(60);
        check(stageRows > 0 && prefill > 0, "--rows and --events must be positive");
        check(rate == null || rate > 0, "--rate must be positive");
        check(!latencyDuration.isNegative() && !latencyDuration.isZero(), "--duration must be positive");
        check(parallelism >= 1 && pipelineParallelism >= 1, "parallelisms must be at least 1");
        if (report != null) {
            try {
                Files.createDirectories(report);
            } catch (IOException e) {
                // The JDK's message is the bare path; its reason (e.g. "Not a directory") is what the user needs.
                String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                        : e.getMessage();
                throw new ParameterException(spec.commandLine(), "--report " + report + " cannot be created: " + why);
            }
            WritableFile.require(spec.commandLine(), "--report", report.resolve("bench.json"));
        }
        Optional<String> givenKafka = kafka.bootstrapServers == null || kafka.bootstrapServers.isBlank()
                ? Optional.empty() : Optional.of(kafka.bootstrapServers());

        try (BenchServices services = BenchServices.start(
                database.given() ? Optional.of(database.settings()) : Optional.empty(), givenKafka, out)) {
            out.printf("bench: %,d rows per sink stage, %,d pre-filled records, latency for %d s, parallelism %d "
                    + "(sinks) / %d (pipelines)%n", stageRows, prefill, latencyDuration.toSeconds(), parallelism,
                    pipelineParallelism);
            out.flush();
            BenchResults results = run(services, stageRows, growthRows, prefill, latencyDuration, out);
            if (report != null) {
                // Before the table: the two figure lines end the output.
                out.println("report: " + new BenchReport(results).write(report) + " (bench.json, stages.png, "
                        + "latency.png" + (results.growth().isEmpty() ? "" : ", growth.png") + ")");
            }
            results.print(out);
        }
        return 0;
    }

    private BenchResults run(BenchServices services, long stageRows, long growthRows, long prefill,
                             Duration latencyDuration, PrintWriter out) throws Exception {
        SinkBenchmark sinks = new SinkBenchmark(services.database(), stageRows, parallelism);
        StageFigure limit = expect(out, sinks.limit(), stageRows);
        StageFigure peer = expect(out, sinks.peerSink(), stageRows);
        StageFigure ours = expect(out, sinks.ourSink(), stageRows);

        BenchTraffic traffic = new BenchTraffic(services.bootstrapServers(), services.database());
        BenchTraffic.Prefill filled = traffic.prefill(prefill, services.scratch().resolve("ledger.json"));
        out.printf("  generated %,d records over every topic in %.1f s (seed %d, event time at %,.0f events/s, in "
                + "the past; ledger kept for reconcile)%n", filled.records(), filled.seconds(), BenchTraffic.SEED,
                BenchTraffic.density(prefill));
        out.flush();

        long usage = filled.records("aybiza.usage.v1");
        StageFigure peerPipeline = report(out, new PeerPipelineBenchmark(services.bootstrapServers(),
                services.database(), pipelineParallelism).run(usage));

        Path checkpoints = Files.createDirectories(services.scratch().resolve("checkpoints"));
        PipelineBenchmark pipeline = new PipelineBenchmark(services.bootstrapServers(), services.database(),
                pipelineParallelism, checkpoints);
        long inputRecords = filled.ledger().path("records").asLong();
        FrontStageBenchmark.Result front = new FrontStageBenchmark(pipeline.settings("aybiza-bench-front",
                b -> b.startFrom(JobSettings.StartFrom.earliest()).stopAtLatest(true)), pipeline.boundedConfiguration())
                .run(inputRecords);
        report(out, front.figure());
        if (front.prepared() == 0 || front.deadLetters() != 0) {
            throw new IllegalStateException("the front stage prepared " + front.prepared() + " events and "
                    + "dead-lettered " + front.deadLetters() + " of " + inputRecords + " valid records");
        }

        PipelineBenchmark.CatchUpResult caughtUp;
        PipelineBenchmark.LatencyResult latency;
        BenchResults.HeapFigures heapFigures;
        try (HeapPeak heap = HeapPeak.start()) {
            caughtUp = pipeline.catchUp(filled.ledger(), inputRecords);
            report(out, caughtUp.events());
            report(out, caughtUp.rows());
            if (!caughtUp.reconciliation().ok()) {
                caughtUp.reconciliation().print(out);
                out.flush();
                throw new IllegalStateException("our pipeline stored other figures than the generator's ledger "
                        + "says (above)");
            }
            double fixedRate = rate != null ? rate : Math.max(1, caughtUp.events().perSecond() / 2);
            out.printf("  latency phase: %,.0f events/s for %d s ...%n", fixedRate, latencyDuration.toSeconds());
            out.flush();
            latency = pipeline.latency(traffic, fixedRate, latencyDuration);
            heapFigures = new BenchResults.HeapFigures(heap.peakUsedMb(), heap.peakAfterCollectionMb(), heap.maxMb());
        }
        if (latency.lagMillis().getTotalCount() == 0) {
            throw new IllegalStateException("the latency phase saw no committed row (" + latency.sinks()
                    + " sink subtasks reported)");
        }

        List<GrowthBenchmark.Step> steps = growth ? new GrowthBenchmark(sinks).run(growthRows, out) : List.of();
        return new BenchResults(limit, peer, ours, peerPipeline, front, caughtUp, latency, heapFigures, steps);
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    private static StageFigure expect(PrintWriter out, StageFigure f, long count) {
        if (f.count() != count) {
            throw new IllegalStateException(f.stage() + " stored " + f.count() + " " + f.unit() + ", not " + count);
        }
        return report(out, f);
    }

    private static StageFigure report(PrintWriter out, StageFigure f) {
        out.printf("  %-14s %,12d %-6s in %7.2f s  %,10.0f %s/s%n", f.stage(), f.count(), f.unit(), f.seconds(),
                f.perSecond(), f.unit());
        out.flush();
        return f;
    }
}
