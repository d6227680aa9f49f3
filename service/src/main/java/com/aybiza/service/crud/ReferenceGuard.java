package com.aybiza.service.crud;

import com.aybiza.service.catalog.ForeignKey;
import com.aybiza.service.catalog.Table;
import com.aybiza.service.errors.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Checks that every row a write refers to is one the caller can see. PostgreSQL checks foreign keys past
 * row-level security, so without this a tenant could link its phone number to another tenant's agent, and learn
 * from 201 versus 422 that the agent exists. Here a row of another tenant and a missing row get the same 422.
 */
final class ReferenceGuard {

    private ReferenceGuard() {
    }

    static void check(Connection c, Table table, Map<String, String> clientValues) throws SQLException {
        for (ForeignKey fk : table.foreignKeys()) {
            String value = clientValues.get(fk.column());
            if (value == null) {
                continue;
            }
            String[] parts = fk.referencedTable().split("\\.", 2);
            String sql = "SELECT 1 FROM " + Table.quote(parts[0]) + "." + Table.quote(parts[1]) + " WHERE "
                    + Table.quote(fk.referencedColumn()) + " = CAST(? AS "
                    + table.columns().get(fk.column()).type() + ")";
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, value);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        throw ApiException.unprocessable(fk.column() + " must name an existing "
                                + parts[1].replaceAll("s$", "") + " that you can see", fk.column());
                    }
                }
            }
        }
    }
}
