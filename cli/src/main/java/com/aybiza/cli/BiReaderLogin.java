package com.aybiza.cli;

import com.aybiza.sql.DatabaseSettings;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The login a BI tool uses: a role that holds {@code bi_reader} (V30, V43: SELECT on the aggregate views and nothing
 * else) and no privilege of its own. bi_reader itself is NOLOGIN, as the migrations make it, so that granting it to
 * people's own logins stays the way to use it elsewhere; on the local database this one login is made for the
 * printed JDBC URL and psql line. The local server trusts connections from this machine (zonky's initdb), so it has
 * no password; on a database given with --jdbc-url, give the login one (ALTER ROLE) before tools use it.
 */
final class BiReaderLogin {

    static final String USER = "aybiza_bi";

    private BiReaderLogin() {
    }

    /** Creates the login if missing (needs CREATEROLE, which the local superuser has). */
    static void ensure(DatabaseSettings owner) throws SQLException {
        try (Connection c = owner.open(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN "
                    + "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "') THEN "
                    + "CREATE ROLE " + USER + " LOGIN IN ROLE bi_reader; "
                    + "END IF; END $$");
        }
    }

    /** Where the platform's database is, taken from its owner's JDBC URL: the BI login connects there too. */
    record Location(String host, int port, String database) {

        static Location of(DatabaseSettings owner) {
            URI uri = URI.create(owner.jdbcUrl().substring("jdbc:".length()));
            String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres"
                    : uri.getPath().substring(1);
            return new Location(uri.getHost() == null ? "localhost" : uri.getHost(),
                    uri.getPort() < 0 ? 5432 : uri.getPort(), database);
        }

        String jdbcUrl() {
            return "jdbc:postgresql://%s:%d/%s?user=%s".formatted(host, port, database, USER);
        }

        String psql() {
            return "psql \"host=%s port=%d dbname=%s user=%s\"".formatted(host, port, database, USER);
        }

        DatabaseSettings settings() {
            return DatabaseSettings.of(jdbcUrl());
        }
    }
}
