package com.aybiza.sinks.postgres.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;

/** Sorts the database's errors into: try again later, the row is at fault, or something a person must fix. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /**
     * Errors that go away by themselves: the connection was lost or refused (class 08), the server is shutting down
     * or starting (57P01-57P03), too many connections or out of resources (53), a serialization failure or deadlock
     * (40001, 40P01), a lock or statement timeout (55P03, 57014), or an I/O error below pgJDBC.
     */
    public static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || state.equals("40001") || state.equals("40P01") || state.equals("55P03")
                        || state.equals("57014")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Errors a single row causes and will cause again however often it is written: a data exception (class 22:
     * value out of range, invalid text, a NUL byte) or an integrity violation (class 23: NOT NULL, CHECK, foreign
     * key, unique key).
     */
    public static boolean isRowRefusal(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
