package com.aybiza.sinks.postgres;

import java.io.Serializable;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Why a row was not written for good: the error's class, the SQL state and constraint the database named, or the
 * writer's own reason (then the state is {@code null}). What a dead letter records so an operator can see what to fix.
 */
public record RowRefusal(String errorClass, String sqlState, String constraint, String message) implements Serializable {

    public static RowRefusal of(SQLException e) {
        String constraint = null;
        String message = e.getMessage();
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            ServerErrorMessage server = pe.getServerErrorMessage();
            constraint = server.getConstraint();
            message = server.getMessage() + (server.getDetail() != null ? " (" + server.getDetail() + ")" : "");
        }
        return new RowRefusal(e.getClass().getName(), e.getSQLState(), constraint, message);
    }

    /** Refused by the writer's own rule, not by the database; {@code errorClass} names the kind of refusal. */
    public static RowRefusal byWriter(String errorClass, String reason) {
        return new RowRefusal(errorClass, null, null, reason);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (sqlState != null) {
            s.append("SQLSTATE ").append(sqlState).append(": ");
        }
        s.append(message);
        if (constraint != null) {
            s.append(" [constraint ").append(constraint).append(']');
        }
        return s.toString();
    }
}
