package com.aybiza.cli;

import com.aybiza.sql.DatabaseSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * After the traffic stops, the jobs still have work in hand: records not yet read, rows committed only at the next
 * checkpoint, call_analytics rows that wait up to 30 s after their call ended, unknown tenants that wait out their
 * grace before they are dead-lettered. Rather than guess how long that takes, the ledger is reconciled again and again
 * until it agrees, or until the differences have not moved for {@code settle} (the jobs have done all they will), or
 * until {@code timeout}.
 */
final class CatchUp {

    private static final Duration POLL = Duration.ofSeconds(3);

    private final DatabaseSettings database;
    private final String bootstrapServers;
    private final Duration settle;
    private final Duration timeout;

    CatchUp(DatabaseSettings database, String bootstrapServers, Duration settle, Duration timeout) {
        this.database = database;
        this.bootstrapServers = bootstrapServers;
        this.settle = settle;
        this.timeout = timeout;
    }

    /** The last comparison made: OK, or what still differed when waiting stopped helping. */
    Reconciliation await(JsonNode ledger) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Reconciliation.Line> previous = null;
        long unchangedSince = System.nanoTime();
        while (true) {
            Reconciliation result = ReconcileCommand.reconcile(ledger, database, bootstrapServers);
            long now = System.nanoTime();
            if (result.ok() || now > deadline) {
                return result;
            }
            List<Reconciliation.Line> differences = result.differences();
            if (!differences.equals(previous)) {
                previous = differences;
                unchangedSince = now;
            } else if (now - unchangedSince > settle.toNanos()) {
                return result;
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
