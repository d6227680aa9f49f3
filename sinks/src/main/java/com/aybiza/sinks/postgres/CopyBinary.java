package com.aybiza.sinks.postgres;

import de.bytefish.pgbulkinsert.exceptions.BinaryWriteFailedException;
import de.bytefish.pgbulkinsert.pgsql.PgBinaryWriter;
import de.bytefish.pgbulkinsert.pgsql.handlers.BaseValueHandler;
import de.bytefish.pgbulkinsert.pgsql.handlers.BigDecimalValueHandler;
import de.bytefish.pgbulkinsert.pgsql.handlers.JsonbValueHandler;
import de.bytefish.pgbulkinsert.pgsql.handlers.StringValueHandler;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One {@code COPY ... FROM STDIN (FORMAT binary)} in progress: rows are encoded by pgbulkinsert's value handlers and
 * streamed to the server as they are made, so the server stores one part while the caller encodes the next, and it
 * stores uuids, timestamps, dates and numbers as they come instead of parsing their text (where most of a text COPY's
 * server time goes for narrow rows).
 *
 * <p>Each row must hold exactly the columns the statement names, in its order; a row that does not is a bug in the
 * writer and fails here, before the server reads it as something else. A failure on the server surfaces as its
 * {@link SQLException} (with its SQL state) from whichever call notices it, at the latest from {@link #finish()}.
 * {@link #close()} without {@code finish()} cancels the COPY.
 */
public final class CopyBinary implements AutoCloseable {

    /** Microseconds and days from the Unix epoch to PostgreSQL's, 2000-01-01. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private static final long PG_EPOCH_DAYS = 10_957L;
    private static final int CHUNK = 1 << 16;

    private static final UuidHandler UUIDS = new UuidHandler();
    private static final StringValueHandler TEXT = new StringValueHandler();
    private static final JsonbValueHandler JSONB = new JsonbValueHandler();
    private static final NumericHandler NUMERIC = new NumericHandler();

    private final int columns;
    private final CopyIn copy;
    private final PgBinaryWriter out;
    private int fieldsInRow = -1;
    private long rows;
    private boolean finished;

    private CopyBinary(int columns, CopyIn copy) {
        this.columns = columns;
        this.copy = copy;
        this.out = new PgBinaryWriter(new CopyInStream(copy), CHUNK);
    }

    /** Starts {@code copySql} ({@code COPY table (columns) FROM STDIN (FORMAT binary)}) with rows of {@code columns}. */
    public static CopyBinary start(Connection connection, String copySql, int columns) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            return new CopyBinary(columns, copy);
        } catch (BinaryWriteFailedException e) {
            cancel(copy);
            throw failure(e);
        }
    }

    public CopyBinary startRow() throws SQLException {
        if (fieldsInRow >= 0) {
            endRow();
        }
        try {
            out.startRow(columns);
        } catch (BinaryWriteFailedException e) {
            throw failure(e);
        }
        fieldsInRow = 0;
        return this;
    }

    public CopyBinary nul() throws SQLException {
        field();
        try {
            out.writeNull();
        } catch (BinaryWriteFailedException e) {
            throw failure(e);
        }
        return this;
    }

    public CopyBinary uuid(UUID value) throws SQLException {
        field();
        try {
            out.write(UUIDS, value);
        } catch (BinaryWriteFailedException e) {
            throw failure(e);
        }
        return this;
    }

    public CopyBinary text(String value) throws SQLException {
        field();
        try {
            out.write(TEXT, value);
        } catch (BinaryWriteFailedException e) {
            throw failure(e);
        }
        return this;
    }

    /** A jsonb value from its JSON text; the server still parses it, as it must to store jsonb. */
    public CopyBinary jsonb(String json) throws SQLException {
        field();
        try {
            out.write(JSONB, json);
        } catch (BinaryWriteFailedException e) {
            throw failure(e);
        }
        return this;
    }

    public CopyBinary decimal(BigDecimal value) throws SQLException {
        field();
        try {
            out.write(NUMERIC, value);
        } catch (BinaryWriteFailedException e) {
            throw failure(e);
        }
        return this;
    }

    public CopyBinary int8(long value) throws SQLException {
        field();
        try {
            out.writeLong(value);
        } catch (BinaryWriteFailedException e) {
            throw failure(e);
        }
        return this;
    }

    public CopyBinary int4(int value) throws SQLException {
        field();
        try {
            out.writeInt(value);
        } catch (BinaryWriteFailedException e) {
            throw failure(e);
        }
        return this;
    }

    /** A double precision (float8) value, as its IEEE 754 bits. */
    public CopyBinary float8(double value) throws SQLException {
        field();
        try {
            out.writeDouble(value);
        } catch (BinaryWriteFailedException e) {
            throw failure(e);
        }
        return this;
    }

    /** A timestamptz given in microseconds since the Unix epoch. */
    public CopyBinary timestampMicros(long epochMicros) throws SQLException {
        return int8(epochMicros - PG_EPOCH_MICROS);
    }

    public CopyBinary timestamp(Instant value) throws SQLException {
        if (value == null) {
            return nul();
        }
        return timestampMicros(Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L),
                value.getNano() / 1_000));
    }

    public CopyBinary date(LocalDate value) throws SQLException {
        if (value == null) {
            return nul();
        }
        return int4(Math.toIntExact(value.toEpochDay() - PG_EPOCH_DAYS));
    }

    /** Ends the COPY; returns the rows the server stored. */
    public long finish() throws SQLException {
        if (fieldsInRow >= 0) {
            endRow();
        }
        try {
            out.close(); // the trailer, then CopyInStream.close(): the server's answer
        } catch (BinaryWriteFailedException e) {
            throw failure(e);
        }
        finished = true;
        return copy.getHandledRowCount();
    }

    /** Cancels the COPY unless it finished; the transaction is then in error, for the caller to roll back. */
    @Override
    public void close() {
        if (!finished) {
            cancel(copy);
        }
    }

    private void field() {
        if (fieldsInRow < 0) {
            throw new IllegalStateException("a value before startRow()");
        }
        if (++fieldsInRow > columns) {
            throw new IllegalStateException("row " + rows + " has more than its " + columns + " columns");
        }
    }

    private void endRow() {
        if (fieldsInRow != columns) {
            throw new IllegalStateException("row " + rows + " has " + fieldsInRow + " of its " + columns + " columns");
        }
        rows++;
        fieldsInRow = -1;
    }

    private static void cancel(CopyIn copy) {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // The connection is broken or the server ended the COPY already; the caller rolls back either way.
            }
        }
    }

    /** The server's error behind a failed write, or the write's own failure as an SQLException of class 08. */
    private static SQLException failure(BinaryWriteFailedException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return new SQLException("writing COPY data failed: " + e.getMessage(), "08006", e);
    }

    /**
     * A uuid as its 16 bytes, written straight from its two longs: pgbulkinsert's handler makes two arrays per value,
     * a cost a batch pays four times a row.
     */
    private static final class UuidHandler extends BaseValueHandler<UUID> {
        @Override
        protected void internalHandle(DataOutputStream buffer, UUID value) throws IOException {
            buffer.writeInt(16);
            buffer.writeLong(value.getMostSignificantBits());
            buffer.writeLong(value.getLeastSignificantBits());
        }

        @Override
        public int getLength(UUID value) {
            return 16;
        }
    }

    /**
     * A numeric in PostgreSQL's binary form (base-10000 digits, most significant first, a weight, a sign and the
     * display scale). Amounts fit a long unscaled, and are encoded with long arithmetic; anything larger, and a
     * negative scale, goes to pgbulkinsert's BigInteger-based handler.
     */
    private static final class NumericHandler extends BaseValueHandler<BigDecimal> {
        private static final BigDecimalValueHandler<BigDecimal> GENERAL = new BigDecimalValueHandler<>();
        private static final long[] POWERS = {1, 10, 100, 1000};

        @Override
        protected void internalHandle(DataOutputStream buffer, BigDecimal value) throws IOException {
            int scale = value.scale();
            if (scale < 0 || scale > 1000 || value.unscaledValue().bitLength() > 52) {
                GENERAL.handle(buffer, scale < 0 ? value.setScale(0) : value);
                return;
            }
            long unscaled = Math.abs(value.unscaledValue().longValue());
            int pad = (4 - scale % 4) % 4;              // align the fraction to whole base-10000 digits
            unscaled *= POWERS[pad];                    // < 2^52 * 1000: no overflow
            int fractionGroups = (scale + pad) / 4;
            short[] digits = new short[5];              // 2^62 has 19 decimal digits: at most 5 groups
            int n = 0;
            while (unscaled != 0) {
                digits[n++] = (short) (unscaled % 10_000);
                unscaled /= 10_000;
            }
            buffer.writeInt(8 + 2 * n);
            buffer.writeShort(n);
            buffer.writeShort(n - fractionGroups - 1);
            buffer.writeShort(value.signum() < 0 ? 0x4000 : 0x0000);
            buffer.writeShort(scale);
            for (int i = n - 1; i >= 0; i--) {
                buffer.writeShort(digits[i]);
            }
        }

        @Override
        public int getLength(BigDecimal value) {
            throw new UnsupportedOperationException("not used by PgBinaryWriter");
        }
    }

    /** The bytes of the COPY, handed to pgJDBC in the writer's chunks; the server's error rides in an IOException. */
    private static final class CopyInStream extends OutputStream {
        private final CopyIn copy;

        CopyInStream(CopyIn copy) {
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                copy.writeToCopy(b, off, len);
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                copy.endCopy();
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
