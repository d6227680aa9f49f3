package com.aybiza.sql;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.FlywayException;

/**
 * Turns a failed Flyway run into a message a user can act on. Flyway's own text is written for Flyway users: it
 * advises "-X", prints the location of the script inside our jar ({@code file:...jar!/...}) and repeats the whole
 * statement. What a user needs is which migration failed, the server's error, and what to do about the known cases.
 */
final class MigrationFailure {

    /** The roles V1 creates where missing; they are cluster-wide, so only the first migrate of a cluster makes them. */
    static final String ROLES = "application_role, admin_role and bi_reader";

    /** Flyway names the script "Migration V1__x.sql failed" or, in a group, "Failed to execute script V1__x.sql". */
    private static final Pattern MIGRATION = Pattern.compile("(?:Migration|script) (\\S+\\.sql)");
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private MigrationFailure() {}

    static IllegalStateException of(FlywayException e, String whatStays) {
        SQLException sql = sqlCause(e);
        Matcher migration = MIGRATION.matcher(String.valueOf(e.getMessage()));
        StringBuilder message = new StringBuilder(migration.find() ? "migration " + migration.group(1) + " failed" : "migrate failed");
        message.append(": ").append(sql != null ? firstLine(sql.getMessage()) + " (SQL state " + sql.getSQLState() + ")"
                : firstLine(e.getMessage()));
        if (sql != null && INSUFFICIENT_PRIVILEGE.equals(sql.getSQLState())
                && String.valueOf(sql.getMessage()).contains("create role")) {
            message.append("\n  The first migrate of a cluster creates the roles ").append(ROLES)
                    .append(": run it as a user with CREATEROLE (or a superuser), or have an administrator create them "
                            + "first: CREATE ROLE application_role NOLOGIN; CREATE ROLE admin_role NOLOGIN; "
                            + "CREATE ROLE bi_reader NOLOGIN;");
        } else if (sql != null && INSUFFICIENT_PRIVILEGE.equals(sql.getSQLState())) {
            message.append("\n  migrate needs a user that owns the database (or may create schemas in it)");
        }
        message.append("\n  ").append(whatStays);
        // Flyway's exception is kept for AYBIZA_DEBUG=1, suppressed rather than as the cause: a cause's message is
        // printed as well, and Flyway's is exactly the text this class replaces.
        IllegalStateException failure = new IllegalStateException(Passwords.redact(message.toString()));
        failure.addSuppressed(e);
        return failure;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable cause = e; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        String line = String.valueOf(text).strip();
        int end = line.indexOf('\n');
        return end < 0 ? line : line.substring(0, end).strip();
    }
}
