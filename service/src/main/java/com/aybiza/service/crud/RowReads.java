package com.aybiza.service.crud;

import com.aybiza.service.auth.ApiKey;
import com.aybiza.service.catalog.Column;
import com.aybiza.service.catalog.Table;
import com.aybiza.service.errors.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Get and list, under the request's row-level security: what another tenant owns is simply not there. */
public final class RowReads {

    private final Rows rows;
    private final ColumnValues values;
    private final SecretFields secrets;

    public RowReads(com.fasterxml.jackson.databind.ObjectMapper json, ColumnValues values, SecretFields secrets) {
        this.rows = new Rows(json);
        this.values = values;
        this.secrets = secrets;
    }

    public ObjectNode get(Connection c, ApiKey key, Table table, String id, boolean revealSecrets) throws SQLException {
        ObjectNode row = find(c, table, id, false);
        if (row == null) {
            throw ApiException.notFound();
        }
        secrets.open(c, table, row, revealSecrets, key);
        return Rows.withoutHidden(table, row);
    }

    /** The row with this id if the caller can see it, else null; FOR UPDATE locks it for the caller's change. */
    ObjectNode find(Connection c, Table table, String id, boolean forUpdate) throws SQLException {
        UUID uuid = parseId(id);
        if (uuid == null) {
            return null;
        }
        String sql = "SELECT to_jsonb(t) FROM " + table.sqlName() + " t WHERE t.id = ?" + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, uuid);
            List<ObjectNode> found = rows.query(st);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    public Page list(Connection c, Table table, ListQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT to_jsonb(t) FROM ").append(table.sqlName()).append(" t WHERE true");
        List<String> parameters = new ArrayList<>();
        for (Map.Entry<String, String> filter : query.filters().entrySet()) {
            Column column = table.columns().get(filter.getKey());
            sql.append(" AND t.").append(Table.quote(column.name())).append(" = CAST(? AS ").append(column.type())
                    .append(")");
            parameters.add(values.textOfQueryValue(column, filter.getValue()));
        }
        Column sort = table.columns().get(query.sortColumn());
        String sortSql = "t." + Table.quote(sort.name());
        String direction = query.descending() ? "DESC" : "ASC";
        if (query.after() != null) {
            sql.append(" AND (").append(sortSql).append(", t.id) ").append(query.descending() ? "<" : ">")
                    .append(" (CAST(? AS ").append(sort.type()).append("), CAST(? AS uuid))");
            parameters.add(query.after().sortValue());
            parameters.add(query.after().lastId().toString());
        }
        sql.append(" ORDER BY ").append(sortSql).append(' ').append(direction).append(", t.id ").append(direction)
                .append(" LIMIT ").append(query.limit() + 1);
        List<ObjectNode> found;
        try (PreparedStatement st = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                st.setString(i + 1, parameters.get(i));
            }
            found = rows.query(st);
        }
        Cursor next = null;
        if (found.size() > query.limit()) {
            found = found.subList(0, query.limit());
            ObjectNode last = found.get(found.size() - 1);
            JsonNode lastValue = last.get(sort.name());
            next = new Cursor(sort.name(), query.descending(),
                    lastValue.isTextual() ? lastValue.asText() : lastValue.toString(),
                    UUID.fromString(last.get("id").asText()));
        }
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode row : found) {
            // Lists never carry encrypted fields, whatever the key may read.
            table.exposed().encrypted().forEach(row::remove);
            items.add(Rows.withoutHidden(table, row));
        }
        return new Page(items, next == null ? null : next.encode());
    }

    static UUID parseId(String id) {
        try {
            return id != null && id.length() == 36 ? UUID.fromString(id) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** One page of a list and the cursor of the next, null on the last page. */
    public record Page(List<ObjectNode> items, String nextCursor) {
    }
}
