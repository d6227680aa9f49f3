package com.aybiza.sinks.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * The fast way in for rows that carry a unique key and have an idempotent way in besides: write them plainly (a
 * COPY), under a savepoint, and if a row's key is taken already (a replay, or two copies of a row in one batch) roll
 * that back and let the caller take its idempotent way. Any other refusal is thrown, for the sink to isolate the row.
 */
public final class UnlessStored {

    private static final String UNIQUE_VIOLATION = "23505";

    /** What is tried: statements on the caller's connection, inside its transaction. */
    @FunctionalInterface
    public interface Work {
        void run() throws SQLException;
    }

    private UnlessStored() {
    }

    /** Runs {@code work}; returns false, having written nothing, when it met a unique key already taken. */
    public static boolean write(Connection connection, Work work) throws SQLException {
        Savepoint before = connection.setSavepoint();
        try {
            work.run();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(before);
            connection.releaseSavepoint(before);
            return false;
        }
        connection.releaseSavepoint(before);
        return true;
    }
}
