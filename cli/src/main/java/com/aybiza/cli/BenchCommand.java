package com.aybiza.cli;

import com.aybiza.sql.SchemaMigrator;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * bin/aybiza bench: the write path's figures, one stage after the other on the same database. So far the three sink
 * stages: the COPY limit, flink-connector-jdbc's JdbcSink, and the project's PostgresSink (the pipeline stages of the
 * benchmark issue come with it).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Measures, one after the other on the same database and freshly truncated tables, the rows/s of: the "
                    + "limit (text COPY of prepared billing.usage_metering rows), the peer sink (flink-connector-jdbc's "
                    + "JdbcSink as documented: batch 5000, reWriteBatchedInserts=true, ON CONFLICT DO NOTHING) and "
                    + "our sink (PostgresSink with the billing writer and its idempotency table).",
            "It TRUNCATEs billing.usage_metering and billing.usage_idempotency: point it at a database of its own."
        })
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--rows", defaultValue = "1000000", description = "rows per stage (default ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--parallelism", defaultValue = "1",
            description = "sink subtasks of the two Flink stages (default ${DEFAULT-VALUE}; COPY is one stream)")
    int parallelism;

    @Option(names = "--stages", split = ",", defaultValue = "limit,peer,sink",
            description = "stages to run, of limit, peer, sink (default ${DEFAULT-VALUE})")
    List<String> stages;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        new SchemaMigrator(database.settings()).migrate();
        SinkBenchmark bench = new SinkBenchmark(database.settings(), rows, parallelism);
        out.printf("bench: %,d rows per stage, sink parallelism %d, on %s%n", rows, parallelism, database.settings());
        out.flush();
        SinkBenchmark.Figure limit = stages.contains("limit") ? report(out, bench.limit()) : null;
        SinkBenchmark.Figure peer = stages.contains("peer") ? report(out, bench.peerSink()) : null;
        SinkBenchmark.Figure ours = stages.contains("sink") ? report(out, bench.ourSink()) : null;
        if (limit == null || peer == null || ours == null) {
            return 0;
        }
        out.printf("bench limit_rows_per_s=%.0f peer_rows_per_s=%.0f sink_rows_per_s=%.0f%n",
                limit.rowsPerSecond(), peer.rowsPerSecond(), ours.rowsPerSecond());
        out.printf("bench ratios sink_vs_limit=%.2f sink_vs_peer=%.2f%n",
                ours.rowsPerSecond() / limit.rowsPerSecond(), ours.rowsPerSecond() / peer.rowsPerSecond());
        return 0;
    }

    private SinkBenchmark.Figure report(PrintWriter out, SinkBenchmark.Figure f) {
        if (f.rows() != rows) {
            throw new IllegalStateException(f.stage() + " stored " + f.rows() + " rows, not " + rows);
        }
        out.printf("  %-10s %,12d rows in %7.2f s  %,10.0f rows/s%n", f.stage(), f.rows(), f.seconds(),
                f.rowsPerSecond());
        out.flush();
        return f;
    }
}
