package com.aybiza.service.crud;

import com.aybiza.service.catalog.Column;
import com.aybiza.service.errors.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * For the column types {@link ColumnValues} does not check itself (inet, ...): casts the value in the database,
 * inside a savepoint, so a bad value is refused with 400 naming its field instead of failing the whole statement.
 */
final class TypeProbe {

    private TypeProbe() {
    }

    static void check(Connection c, Column column, String text) throws SQLException {
        if (text == null || ColumnValues.CHECKED_HERE.contains(column.udtName())) {
            return;
        }
        Savepoint savepoint = c.setSavepoint();
        // The type name comes from pg_catalog (format_type), never from the request.
        try (PreparedStatement st = c.prepareStatement("SELECT CAST(? AS " + column.type() + ")")) {
            st.setString(1, text);
            st.execute();
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            c.rollback(savepoint);
            throw ApiException.badField(column.name(), column.name() + " is not a valid " + column.type());
        }
    }
}
