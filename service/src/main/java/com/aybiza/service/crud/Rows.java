package com.aybiza.service.crud;

import com.aybiza.service.catalog.Table;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows come back from PostgreSQL as one {@code to_jsonb(t)} each: the database renders every type (NUMERIC,
 * timestamps, JSONB) exactly, and the service never needs a column-by-column mapping.
 */
final class Rows {

    private final ObjectMapper json;

    Rows(ObjectMapper json) {
        this.json = json;
    }

    List<ObjectNode> query(PreparedStatement st) throws SQLException {
        List<ObjectNode> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                rows.add(parse(rs.getString(1)));
            }
        }
        return rows;
    }

    ObjectNode parse(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("to_jsonb returned text that does not parse", e);
        }
    }

    /** Removes what no response carries (password and key hashes). */
    static ObjectNode withoutHidden(Table table, ObjectNode row) {
        List<String> hidden = new ArrayList<>();
        row.fieldNames().forEachRemaining(name -> {
            if (table.isHidden(name)) {
                hidden.add(name);
            }
        });
        row.remove(hidden);
        return row;
    }
}
