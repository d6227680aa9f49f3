package com.aybiza.service.errors;

import com.aybiza.service.catalog.Catalog;
import com.aybiza.service.catalog.ConstraintMeaning;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns what PostgreSQL refused into the service's answer: duplicates 409, CHECK and foreign key violations 422 with
 * the constraint's meaning, bad values 400. Only names from the catalog reach the message, never the server's text
 * (which may quote values or SQL).
 */
public final class SqlErrorTranslator {

    private final Catalog catalog;

    public SqlErrorTranslator(Catalog catalog) {
        this.catalog = catalog;
    }

    public ApiException translate(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return new ApiException(503, "unavailable", "the database is busy; try again", null,
                    Map.of("Retry-After", "1"));
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String schema = server == null ? null : server.getSchema();
        String table = server == null ? null : server.getTable();
        String constraint = server == null ? null : server.getConstraint();
        String column = server == null ? null : server.getColumn();
        String meaning = constraint == null ? null
                : catalog.meaning(String.valueOf(schema), String.valueOf(table), constraint).orElse(null);
        return switch (state) {
            case "23505" -> ApiException.conflict("duplicate",
                    meaning != null ? meaning : "another row already has these values", null);
            case "23514" -> ApiException.unprocessable(meaning != null ? meaning : "the row breaks a rule", null);
            case "23503" -> foreignKey(server, meaning);
            case "23502" -> ApiException.badField(column, column + " is required");
            // Row-level security refused the row: it would belong to another tenant, or its parent is not yours.
            // Worded the same whether or not that other row exists, so that it tells nothing about other tenants.
            case "42501" -> ApiException.unprocessable(
                    "the row must belong to your tenant or organization, under a parent row you can see", null);
            case "22001" -> ApiException.badField(column, "a value is longer than its column allows");
            case "22003" -> ApiException.badField(column, "a number is out of its column's range");
            case "22P02", "22007", "22008", "22023" -> ApiException.badRequest("a value is not of its column's type");
            case "40001", "40P01" -> new ApiException(503, "retry", "a concurrent change got in the way; try again",
                    null, Map.of("Retry-After", "1"));
            case "57014" -> new ApiException(503, "timeout", "the request took too long", null, Map.of());
            default -> new ApiException(500, "internal", "internal error", null, Map.of());
        };
    }

    private static ApiException foreignKey(ServerErrorMessage server, String meaning) {
        // "update or delete on table X violates foreign key ... on table Y": the row is still referred to.
        String message = server == null ? "" : String.valueOf(server.getMessage());
        if (message.startsWith("update or delete")) {
            String detail = String.valueOf(server.getDetail());
            int at = detail.indexOf("from table \"");
            String referencing = at < 0 ? "other rows" : detail.substring(at + 12, detail.indexOf('"', at + 12));
            return ApiException.unprocessable(ConstraintMeaning.ofReferencedRow(referencing), null);
        }
        return ApiException.unprocessable(meaning != null ? meaning : "a referenced row does not exist", null);
    }
}
