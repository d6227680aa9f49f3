package com.aybiza.sinks.postgres;

import de.bytefish.pgbulkinsert.pgsql.handlers.BigDecimalValueHandler;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One {@code COPY ... FROM STDIN (FORMAT binary)} in progress: rows are encoded into PostgreSQL's binary COPY format
 * and streamed to the server in chunks as they are made, so the server stores one part while the caller encodes the
 * next, and it stores uuids, timestamps, dates and numbers as they come instead of parsing their text (where most of a
 * text COPY's server time goes for narrow rows).
 *
 * <p>The encoding is written here rather than with pgbulkinsert's {@code PgBinaryWriter}: that writer puts every
 * field through a synchronized {@code BufferedOutputStream}, a length prefix byte by byte, which cost the jobs more
 * CPU than the values themselves (a profile of detailed_metrics, the table with the most rows). Its numeric encoder
 * still serves the rare number too large for {@link NumericEncoder}'s fast path.
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
    /** The signature, then flags and header extension length, both 0. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final byte JSONB_VERSION = 1;

    private final int columns;
    private final CopyIn copy;
    private final byte[] buffer = new byte[CHUNK];
    private int position;
    private int fieldsInRow = -1;
    private long rows;
    private boolean finished;

    private CopyBinary(int columns, CopyIn copy) {
        this.columns = columns;
        this.copy = copy;
        System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
        position = HEADER.length;
    }

    /** Starts {@code copySql} ({@code COPY table (columns) FROM STDIN (FORMAT binary)}) with rows of {@code columns}. */
    public static CopyBinary start(Connection connection, String copySql, int columns) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        return new CopyBinary(columns, copy);
    }

    public CopyBinary startRow() throws SQLException {
        if (fieldsInRow >= 0) {
            endRow();
        }
        room(2);
        putShort(columns);
        fieldsInRow = 0;
        return this;
    }

    public CopyBinary nul() throws SQLException {
        field();
        room(4);
        putInt(-1);
        return this;
    }

    public CopyBinary uuid(UUID value) throws SQLException {
        if (value == null) {
            return nul();
        }
        field();
        room(20);
        putInt(16);
        putLong(value.getMostSignificantBits());
        putLong(value.getLeastSignificantBits());
        return this;
    }

    public CopyBinary text(String value) throws SQLException {
        if (value == null) {
            return nul();
        }
        field();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        room(4);
        putInt(bytes.length);
        putBytes(bytes);
        return this;
    }

    /** A jsonb value from its JSON text; the server still parses it, as it must to store jsonb. */
    public CopyBinary jsonb(String json) throws SQLException {
        if (json == null) {
            return nul();
        }
        field();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        room(5);
        putInt(bytes.length + 1);
        buffer[position++] = JSONB_VERSION;
        putBytes(bytes);
        return this;
    }

    public CopyBinary decimal(BigDecimal value) throws SQLException {
        if (value == null) {
            return nul();
        }
        field();
        byte[] general = NumericEncoder.general(value);
        if (general != null) {
            putBytes(general);
        } else {
            room(NumericEncoder.MAX_BYTES);
            position = NumericEncoder.encode(value, buffer, position);
        }
        return this;
    }

    public CopyBinary int8(long value) throws SQLException {
        field();
        room(12);
        putInt(8);
        putLong(value);
        return this;
    }

    public CopyBinary int4(int value) throws SQLException {
        field();
        room(8);
        putInt(4);
        putInt(value);
        return this;
    }

    /** A double precision (float8) value, as its IEEE 754 bits. */
    public CopyBinary float8(double value) throws SQLException {
        return int8(Double.doubleToRawLongBits(value));
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
        room(2);
        putShort(-1); // the trailer
        send();
        long stored = copy.endCopy();
        finished = true;
        return stored;
    }

    /** Cancels the COPY unless it finished; the transaction is then in error, for the caller to roll back. */
    @Override
    public void close() {
        if (!finished && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // The connection is broken or the server ended the COPY already; the caller rolls back either way.
            }
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

    /** Makes room for {@code bytes} more in the chunk, sending what it holds if it has not. */
    private void room(int bytes) throws SQLException {
        if (position + bytes > buffer.length) {
            send();
        }
    }

    private void send() throws SQLException {
        if (position > 0) {
            copy.writeToCopy(buffer, 0, position);
            position = 0;
        }
    }

    private void putShort(int value) {
        SHORT.set(buffer, position, (short) value);
        position += 2;
    }

    private void putInt(int value) {
        INT.set(buffer, position, value);
        position += 4;
    }

    private void putLong(long value) {
        LONG.set(buffer, position, value);
        position += 8;
    }

    private void putBytes(byte[] bytes) throws SQLException {
        if (bytes.length > buffer.length - position) {
            send();
            if (bytes.length > buffer.length) {
                copy.writeToCopy(bytes, 0, bytes.length);
                return;
            }
        }
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    /**
     * A numeric in PostgreSQL's binary form (base-10000 digits, most significant first, a weight, a sign and the
     * display scale). Amounts fit a long unscaled, and are encoded with long arithmetic; anything larger, and a
     * negative scale, goes to pgbulkinsert's BigInteger-based handler.
     */
    private static final class NumericEncoder {
        /** Length, four shorts of header and at most five digits. */
        static final int MAX_BYTES = 4 + 8 + 2 * 5;
        private static final BigDecimalValueHandler<BigDecimal> GENERAL = new BigDecimalValueHandler<>();
        private static final long[] POWERS = {1, 10, 100, 1000};

        private NumericEncoder() {
        }

        /** The field (its length first) of a value the fast path does not take; null for one it does. */
        static byte[] general(BigDecimal value) {
            int scale = value.scale();
            if (scale >= 0 && scale <= 1000 && value.unscaledValue().bitLength() <= 52) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                GENERAL.handle(out, scale < 0 ? value.setScale(0) : value);
            } catch (IOException e) {
                throw new UncheckedIOException("writing to memory does not fail", e);
            }
            return bytes.toByteArray();
        }

        /** Writes the field at {@code at} in {@code buffer}; returns the position after it. */
        static int encode(BigDecimal value, byte[] buffer, int at) {
            int scale = value.scale();
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
            INT.set(buffer, at, 8 + 2 * n);
            SHORT.set(buffer, at + 4, (short) n);
            SHORT.set(buffer, at + 6, (short) (n - fractionGroups - 1));
            SHORT.set(buffer, at + 8, (short) (value.signum() < 0 ? 0x4000 : 0x0000));
            SHORT.set(buffer, at + 10, (short) scale);
            int p = at + 12;
            for (int i = n - 1; i >= 0; i--) {
                SHORT.set(buffer, p, digits[i]);
                p += 2;
            }
            return p;
        }
    }
}
