package com.aybiza.cli;

import com.aybiza.sql.TimePartitionMaintenance;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** bin/aybiza partitions: creates the days ahead, drops the days past retention (plain PostgreSQL). */
@Command(name = "partitions", mixinStandardHelpOptions = true,
        description = {
            "Creates the daily partitions of the time-series tables up to --ahead from today (UTC) and drops those "
                    + "past the schema's retention. Run it daily (cron, a Kubernetes CronJob).",
            "Under TimescaleDB there is nothing to do: chunks are made on write and retention policies drop them."
        })
final class PartitionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--ahead", defaultValue = "7d", converter = DurationConverter.class,
            description = "how far ahead to create partitions, e.g. 7d, 36h; at most 31d (default ${DEFAULT-VALUE})")
    Duration ahead;

    @Override
    public Integer call() throws Exception {
        try {
            TimePartitionMaintenance.checkAhead(ahead);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        TimePartitionMaintenance.Result result = new TimePartitionMaintenance(database.settings()).run(ahead);
        PrintWriter out = spec.commandLine().getOut();
        result.recentCallsIndex().ifPresent(cutoff -> out.println("rebuilt call_analytics.idx_recent_calls: " + cutoff));
        if (result.managedByTimescaleDb()) {
            out.println("TimescaleDB manages the time partitions (chunks) of this database: nothing to do");
            return 0;
        }
        result.created().forEach(p -> out.println("created " + p));
        result.kept().forEach(out::println);
        result.dropped().forEach(p -> out.println("dropped " + p));
        result.deleted().forEach(out::println);
        out.printf("partitions: %d created, %d dropped%n", result.created().size(), result.dropped().size());
        return 0;
    }
}
