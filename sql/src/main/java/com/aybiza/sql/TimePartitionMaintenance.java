package com.aybiza.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Keeps the daily partitions of the time-series tables ahead of the clock and drops those past their retention, on
 * PostgreSQL without TimescaleDB (where TimescaleDB is installed, it makes chunks itself and its retention policies
 * drop them). The work is done by the SQL functions of migration V20 (postgres), so that it can also be scheduled in
 * the database; this class runs them in one transaction and reports what changed. It also rolls the cutoff of
 * idx_recent_calls forward, on every kind of database.
 */
public final class TimePartitionMaintenance {

    /**
     * What one run did. {@code managedByTimescaleDb}: TimescaleDB makes and drops the chunks itself. {@code kept}:
     * days that could not get their partition (referenced rows in the DEFAULT partition), with the reason.
     * {@code deleted}: rows removed from DEFAULT partitions for being past retention. {@code recentCallsIndex}: the
     * new cutoff of idx_recent_calls, if it moved (see {@link RecentCallsIndex}).
     */
    public record Result(boolean managedByTimescaleDb, List<String> created, List<String> kept, List<String> dropped,
                         List<String> deleted, Optional<String> recentCallsIndex) {}

    /**
     * The furthest --ahead accepted. All days are created in one transaction, and every new partition and its indexes
     * hold a lock until the commit; the server's lock table has room for max_locks_per_transaction x max_connections
     * (64 x 100 by default). 11 tables x 31 days x about 6 locks stays well inside it; 100,000 days ran the server
     * out of shared memory. The command is meant to run daily, so a month ahead is plenty.
     */
    public static final Duration MAX_AHEAD = Duration.ofDays(31);

    private final DatabaseSettings database;

    public TimePartitionMaintenance(DatabaseSettings database) {
        this.database = database;
    }

    /** Refuses an --ahead the run would fail on, before any connection is made. */
    public static void checkAhead(Duration ahead) {
        if (ahead.isNegative()) {
            throw new IllegalArgumentException("--ahead must not be negative, got " + ahead);
        }
        if (ahead.compareTo(MAX_AHEAD) > 0) {
            throw new IllegalArgumentException("--ahead must be at most " + MAX_AHEAD.toDays() + "d (one transaction "
                    + "creates every day's partitions, and too many exhaust the server's lock table); run the command "
                    + "daily instead, got " + ahead.toDays() + "d");
        }
    }

    public Result run(Duration ahead) throws SQLException {
        checkAhead(ahead);
        try (Connection connection = database.open()) {
            if (!Catalog.functionExists(connection, "maintenance", "create_time_partitions")) {
                if (Catalog.extensionInstalled(connection, "timescaledb")) {
                    return new Result(true, List.of(), List.of(), List.of(), List.of(), RecentCallsIndex.roll(connection));
                }
                throw new IllegalStateException("the database has no AYBIZA schema: run `bin/aybiza migrate` first");
            }
            connection.setAutoCommit(false);
            try {
                Map<Boolean, List<String>> created = Catalog.strings(connection,
                        "SELECT maintenance.create_time_partitions(make_interval(secs => ?))", ahead.toSeconds())
                        .stream().collect(Collectors.partitioningBy(line -> line.startsWith("kept ")));
                Map<Boolean, List<String>> dropped = Catalog.strings(connection,
                                "SELECT maintenance.drop_expired_time_partitions()")
                        .stream().collect(Collectors.partitioningBy(line -> line.startsWith("deleted ")));
                connection.commit();
                return new Result(false, created.get(false), created.get(true), dropped.get(false), dropped.get(true),
                        RecentCallsIndex.roll(connection));
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
