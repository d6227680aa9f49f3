package com.aybiza.jobs.security;

import com.aybiza.events.SecurityEvent;
import com.aybiza.jobs.ingest.SourcedEvent;
import com.aybiza.sinks.postgres.CopyText;
import com.aybiza.sinks.postgres.TableWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes the events of one {@link SecurityTable}: the batch is COPYed into a temporary stage that has the table's own
 * column types, then moved with one {@code INSERT ... SELECT ... ON CONFLICT (<primary key>) DO NOTHING}. The key is
 * the derived row id, the event_time (and on login_history the user), so a replay of any age finds its rows in place
 * and writes nothing; two copies of one event inside a batch are one row.
 *
 * <p>The table's key and column defaults are read from the catalog when a connection is opened, not repeated here: a
 * null from the producer means the column's default (the contract says so for its JSON fields, e.g. metadata
 * {@code '{}'}), and a layout that widens the key (Citus adds organization_id) is followed as long as the event
 * provides the columns. A value the database cannot read (an INET, a JSON text) fails the COPY, and a foreign key it
 * does not find fails the INSERT; either way the sink isolates the row and dead-letters it.
 */
public final class SecurityTableWriter<E extends SourcedEvent<SecurityEvent>> implements TableWriter<E> {

    private static final long serialVersionUID = 1L;

    private static final String CATALOG = """
            SELECT a.attname, pg_get_expr(d.adbin, d.adrelid), a.attnum = ANY (k.conkey)
            FROM pg_attribute a
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_constraint k ON k.conrelid = a.attrelid AND k.contype = 'p'
            WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped
            """;

    private final SecurityTable<?> table;
    private final String stage;
    private transient String copySql;
    private transient String insertSql;

    public SecurityTableWriter(SecurityTable<?> table) {
        this.table = Objects.requireNonNull(table, "table");
        this.stage = "stage_" + table.name().replace('.', '_');
    }

    @Override
    public void prepare(Connection connection) throws SQLException {
        Map<String, String> defaults = new HashMap<>();
        List<String> key = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(CATALOG)) {
            st.setString(1, table.name());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    defaults.put(rs.getString(1), rs.getString(2));
                    if (rs.getBoolean(3)) {
                        key.add(rs.getString(1));
                    }
                }
            }
        }
        List<String> columns = table.columnNames();
        List<String> unknown = columns.stream().filter(c -> !defaults.containsKey(c)).toList();
        List<String> unmappedKey = key.stream().filter(c -> !columns.contains(c)).toList();
        if (!unknown.isEmpty() || key.isEmpty() || !unmappedKey.isEmpty()) {
            throw new IllegalStateException(table.name() + " does not have the layout its writer expects (columns "
                    + "missing: " + unknown + "; primary key: " + key + ", of which no event provides " + unmappedKey
                    + "): migrate the database with `bin/aybiza migrate`");
        }
        String quoted = columns.stream().map(SecurityTableWriter::quote).collect(Collectors.joining(", "));
        String values = columns.stream()
                .map(c -> defaults.get(c) == null || key.contains(c) ? quote(c)
                        : "COALESCE(" + quote(c) + ", " + defaults.get(c) + ")")
                .collect(Collectors.joining(", "));
        copySql = "COPY " + stage + " (" + quoted + ") FROM STDIN";
        insertSql = "INSERT INTO " + table.name() + " (" + quoted + ") SELECT " + values + " FROM " + stage
                + " ON CONFLICT (" + key.stream().map(SecurityTableWriter::quote).collect(Collectors.joining(", "))
                + ") DO NOTHING";
        try (Statement st = connection.createStatement()) {
            // The table's own types, so the COPY parses every value as the table would.
            st.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " AS SELECT " + quoted + " FROM " + table.name()
                    + " WITH NO DATA");
        }
    }

    @Override
    public void write(Connection connection, List<E> rows, Refusals<E> refusals) throws SQLException {
        // The stage keeps the rows of an earlier slice of this transaction while the sink isolates a refused row.
        try (Statement st = connection.createStatement()) {
            st.execute("TRUNCATE " + stage);
        }
        CopyText copy = new CopyText(rows.size());
        for (E row : rows) {
            table.appendRow(copy, row.event);
        }
        copy.copyInto(connection, copySql);
        try (Statement st = connection.createStatement()) {
            st.executeUpdate(insertSql);
        }
    }

    @Override
    public long eventTimeMillis(E row) {
        return row.event.getEventTime().toEpochMilli();
    }

    private static String quote(String column) {
        return '"' + column + '"';
    }
}
