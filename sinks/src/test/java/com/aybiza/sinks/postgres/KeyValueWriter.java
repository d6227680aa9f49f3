package com.aybiza.sinks.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A small table writer in the shape the jobs' writers take: COPY the batch into a temporary stage, then one
 * idempotent INSERT ... SELECT ... ON CONFLICT DO NOTHING. Rows whose value is "refuse-me" it refuses on its own.
 */
final class KeyValueWriter implements TableWriter<KeyValueWriter.Row> {

    record Row(int id, String value) {
    }

    @Override
    public void prepare(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS kv_stage (id int, value text)");
        }
    }

    @Override
    public void write(Connection connection, List<Row> rows, Refusals<Row> refusals) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("TRUNCATE kv_stage");
        }
        CopyText copy = new CopyText(rows.size());
        for (Row row : rows) {
            if ("refuse-me".equals(row.value())) {
                refusals.refuse(row, RowRefusal.byWriter("KeyValueRule", "the writer does not take this value"));
                continue;
            }
            copy.number(row.id()).text(row.value()).endRow();
        }
        copy.copyInto(connection, "COPY kv_stage (id, value) FROM STDIN");
        try (Statement st = connection.createStatement()) {
            st.executeUpdate("INSERT INTO kv (id, value) SELECT id, value FROM kv_stage ON CONFLICT DO NOTHING");
        }
    }
}
