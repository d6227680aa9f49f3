package com.aybiza.sinks.postgres;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What one table (or one group of tables written together) makes of a batch of rows. The sink owns the connection,
 * the transaction, the retries and the isolation of refused rows; the writer only issues its SQL.
 *
 * <p>{@link #write} runs inside an open transaction and must be idempotent: after a crash the same rows come again,
 * and writing them again must change nothing. It may run more than once for the same rows (a retry after a lost
 * connection, or a smaller slice of the batch while the sink isolates a row the database refused), so it must not
 * keep anything from one call to the next except caches of facts that the transaction cannot undo.
 */
public interface TableWriter<T> extends Serializable {

    /** Once per new connection, outside any transaction: create temporary staging tables, prepare statements. */
    default void prepare(Connection connection) throws SQLException {
    }

    /**
     * Writes {@code rows} in the caller's transaction. A row the writer itself refuses (for example an idempotency
     * key seen before with other content) goes to {@code refusals}; the sink hands it on only once the transaction
     * has committed. A row the database refuses surfaces as an SQLException of class 22 or 23: the sink then writes
     * smaller slices until it has found that row.
     */
    void write(Connection connection, List<T> rows, Refusals<T> refusals) throws SQLException;

    /** The row's event time in epoch milliseconds, for the event-to-commit lag metric; -1 when it has none. */
    default long eventTimeMillis(T row) {
        return -1;
    }

    /** Collects the rows a writer refused on its own, with the reason. */
    @FunctionalInterface
    interface Refusals<T> {
        void refuse(T row, RowRefusal refusal);
    }
}
