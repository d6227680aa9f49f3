package com.aybiza.cli;

import com.aybiza.sql.AggregateRefresher;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** bin/aybiza refresh-aggregates: brings the BI aggregate views up to date now. */
@Command(name = "refresh-aggregates", mixinStandardHelpOptions = true,
        description = "Refreshes every aggregate view (materialized views and TimescaleDB continuous aggregates).")
final class RefreshAggregatesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        List<String> refreshed = new AggregateRefresher(database.settings()).refreshAll();
        PrintWriter out = spec.commandLine().getOut();
        refreshed.forEach(v -> out.println("refreshed " + v));
        out.printf("aggregates: %d refreshed%n", refreshed.size());
        return 0;
    }
}
