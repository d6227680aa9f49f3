package com.aybiza.cli;

import com.aybiza.sql.AggregateRefresher;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** bin/aybiza refresh-aggregates: brings the BI aggregate views up to date now. */
@Command(name = "refresh-aggregates", mixinStandardHelpOptions = true,
        description = "Refreshes every aggregate view (materialized views and TimescaleDB continuous aggregates).")
final class RefreshAggregatesCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        List<String> refreshed = new AggregateRefresher(database.settings()).refreshAll();
        refreshed.forEach(v -> System.out.println("refreshed " + v));
        System.out.printf("aggregates: %d refreshed%n", refreshed.size());
        return 0;
    }
}
