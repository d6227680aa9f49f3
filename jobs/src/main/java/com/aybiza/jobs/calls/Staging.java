package com.aybiza.jobs.calls;

import com.aybiza.sinks.postgres.CopyBinary;
import com.aybiza.sinks.postgres.CopyText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the writers of this package share to stage a batch: nullable values in COPY text or binary, JSON, one-number
 * queries.
 */
public final class Staging {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Staging() {
    }

    public static CopyText integer(CopyText copy, Integer value) {
        return value == null ? copy.nul() : copy.number(value);
    }

    public static CopyBinary integer(CopyBinary copy, Integer value) throws SQLException {
        return value == null ? copy.nul() : copy.int4(value);
    }

    /** ISO-8601 with its microseconds, which timestamptz reads exactly. */
    public static CopyText time(CopyText copy, Instant value) {
        return copy.timestamp(value);
    }

    /** A string map as a JSON object, keys in order so that the same map always gives the same text. */
    public static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not representable as JSON: " + value, e);
        }
    }

    /** Writes a batch's rows into a stage, a temporary table of the writer's. */
    @FunctionalInterface
    public interface StageRows {
        void write(CopyBinary copy) throws SQLException;
    }

    /**
     * Empties {@code stage} and fills it with {@code rows} of {@code columns} (all of its columns, in order) by binary
     * COPY: the server takes the staged times, ids and numbers as they are instead of parsing them.
     */
    public static void restage(Connection connection, String stage, int columns, StageRows rows) throws SQLException {
        execute(connection, "TRUNCATE " + stage);
        try (CopyBinary copy = CopyBinary.start(connection, "COPY " + stage + " FROM STDIN (FORMAT binary)",
                columns)) {
            rows.write(copy);
            copy.finish();
        }
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    public static long count(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
