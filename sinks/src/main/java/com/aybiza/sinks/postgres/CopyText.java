package com.aybiza.sinks.postgres;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's COPY text format, built field by field and sent with one {@code COPY ... FROM STDIN}: the
 * fastest way into PostgreSQL that still parses every value on the server. Writers stage a batch this way into a
 * temporary table and move it into the real tables with set-based SQL, which COPY alone cannot make idempotent.
 */
public final class CopyText {

    private static final HexFormat HEX = HexFormat.of();

    private final StringBuilder text;
    private boolean rowStarted;
    private int rows;

    public CopyText(int expectedRows) {
        this.text = new StringBuilder(Math.max(256, expectedRows * 256));
    }

    public CopyText nul() {
        separate();
        text.append("\\N");
        return this;
    }

    public CopyText text(CharSequence value) {
        if (value == null) {
            return nul();
        }
        separate();
        // Nearly every value has nothing to escape: find the first character that needs it, and append the text up
        // to there in one piece rather than a character at a time.
        int length = value.length();
        int plain = 0;
        while (plain < length && !escaped(value.charAt(plain))) {
            plain++;
        }
        if (plain == length) {
            text.append(value); // a String's bytes in one copy
            return this;
        }
        text.append(value, 0, plain);
        for (int i = plain; i < length; i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(ch);
            }
        }
        return this;
    }

    public CopyText uuid(UUID value) {
        if (value == null) {
            return nul();
        }
        separate();
        text.append(value);
        return this;
    }

    public CopyText number(long value) {
        separate();
        text.append(value);
        return this;
    }

    public CopyText decimal(BigDecimal value) {
        if (value == null) {
            return nul();
        }
        separate();
        text.append(value.toPlainString());
        return this;
    }

    /** A point in time, as {@link Instant#toString()} writes it, made faster ({@link IsoInstant}). */
    public CopyText timestamp(Instant value) {
        if (value == null) {
            return nul();
        }
        separate();
        IsoInstant.append(text, value);
        return this;
    }

    public CopyText bool(boolean value) {
        separate();
        text.append(value ? 't' : 'f');
        return this;
    }

    /** A bytea value in hex form; its backslash is doubled for the COPY text format. */
    public CopyText bytes(byte[] value) {
        if (value == null) {
            return nul();
        }
        separate();
        text.append("\\\\x").append(HEX.formatHex(value));
        return this;
    }

    public CopyText endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    /** Sends the rows with {@code copySql} ({@code COPY table (columns) FROM STDIN}); returns the rows copied. */
    public long copyInto(Connection connection, String copySql) throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /**
     * Sends the rows straight into their table if none of them is stored there yet, for a writer whose rows carry a
     * unique key and whose other way in is an idempotent {@code INSERT ... ON CONFLICT DO NOTHING}: the normal case
     * (nothing replayed) then costs one COPY. Returns false, having written nothing, when a row's key is taken (a
     * replay, or two copies of a row in the batch): the caller then takes its idempotent way. Any other refusal is
     * thrown, for the sink to isolate the row.
     */
    public boolean copyNew(Connection connection, String copySql) throws SQLException {
        return UnlessStored.write(connection, () -> copyInto(connection, copySql));
    }

    private static boolean escaped(char ch) {
        return ch == '\\' || ch == '\n' || ch == '\r' || ch == '\t';
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }
}
