package com.aybiza.sinks.postgres.internal;

import com.aybiza.sinks.postgres.ConnectionProvider;
import com.aybiza.sinks.postgres.PostgresSinkOptions;
import com.aybiza.sinks.postgres.RowRefusal;
import com.aybiza.sinks.postgres.TableWriter;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch in one transaction, whatever happens on the way.
 *
 * <ul>
 *   <li>The batch is first written whole, without savepoints: the fast path, taken whenever no row is refused.</li>
 *   <li>If the database refuses a row (SQLSTATE class 22 or 23), the transaction is rolled back and written again in
 *   halves, each under a savepoint, halving only the slices that fail, until each refused row stands alone. k bad
 *   rows in n cost about 2k log n slices; the rest of the batch is written in the same transaction.</li>
 *   <li>A transient failure (the connection lost, the server restarting, a serialization failure) closes the
 *   connection and writes the whole batch again on a new one, after a back-off. The writer's SQL is idempotent, so
 *   a batch whose commit was in flight when the connection broke is harmless to write again.</li>
 *   <li>Anything else (a missing table, a permission) is for a person to fix and fails the task.</li>
 * </ul>
 */
public final class BatchCommitter<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchCommitter.class);

    private final ConnectionProvider connections;
    private final TableWriter<T> writer;
    private final PostgresSinkOptions options;
    private final String name;
    private Connection connection;
    private long retries;

    public BatchCommitter(ConnectionProvider connections, TableWriter<T> writer, PostgresSinkOptions options,
                          String name) {
        this.connections = connections;
        this.writer = writer;
        this.options = options;
        this.name = name;
    }

    /** Commits {@code rows}; returns the rows refused for good, to be handed on now that the commit is done. */
    public List<Refused<T>> commit(List<T> rows) throws IOException, InterruptedException {
        Backoff backoff = new Backoff(options.retryBackoffInitial(), options.retryBackoffMax());
        long giveUpAt = options.maxRetryTime().isZero() ? Long.MAX_VALUE
                : System.nanoTime() + options.maxRetryTime().toNanos();
        while (true) {
            try {
                return attempt(rows);
            } catch (SQLException e) {
                closeConnection();
                if (!SqlErrors.isTransient(e)) {
                    throw new IOException(name + ": the database refused a batch of " + rows.size()
                            + " rows for a reason no retry can fix: " + RowRefusal.of(e), e);
                }
                if (System.nanoTime() > giveUpAt) {
                    throw new IOException(name + ": still failing after " + options.maxRetryTime()
                            + " of retries: " + RowRefusal.of(e), e);
                }
                retries++;
                LOG.warn("{}: writing {} rows failed ({}); retrying in {} ms", name, rows.size(), RowRefusal.of(e),
                        backoff.nextDelayMillis());
                backoff.pause();
            }
        }
    }

    /** How many times a batch was written again after a transient failure, since this committer was made. */
    public long retries() {
        return retries;
    }

    private List<Refused<T>> attempt(List<T> rows) throws SQLException {
        Connection c = connection();
        List<Refused<T>> refused = new ArrayList<>();
        try {
            writer.write(c, rows, (row, why) -> refused.add(new Refused<>(row, why)));
            c.commit();
            return refused;
        } catch (SQLException e) {
            rollback(c);
            if (!SqlErrors.isRowRefusal(e)) {
                throw e;
            }
        }
        refused.clear();
        writeIsolating(c, rows, refused);
        c.commit();
        return refused;
    }

    private void writeIsolating(Connection c, List<T> rows, List<Refused<T>> refused) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        int mark = refused.size();
        try {
            writer.write(c, rows, (row, why) -> refused.add(new Refused<>(row, why)));
            c.releaseSavepoint(savepoint);
            return;
        } catch (SQLException e) {
            if (!SqlErrors.isRowRefusal(e)) {
                throw e;
            }
            c.rollback(savepoint);
            c.releaseSavepoint(savepoint);
            refused.subList(mark, refused.size()).clear();
            if (rows.size() == 1) {
                refused.add(new Refused<>(rows.get(0), RowRefusal.of(e)));
                return;
            }
        }
        int middle = rows.size() / 2;
        writeIsolating(c, rows.subList(0, middle), refused);
        writeIsolating(c, rows.subList(middle, rows.size()), refused);
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = connections.open();
            try {
                c.setAutoCommit(true);
                writer.prepare(c);
                c.setAutoCommit(false);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the next attempt opens another.
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a broken connection may fail; it is gone either way.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
