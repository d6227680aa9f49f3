package com.aybiza.cli;

import com.aybiza.sql.DatabaseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.postgresql.Driver;

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

    /**
     * Where the platform's database is, taken from its owner's JDBC URL: the BI login connects there too. Host and
     * port are lists when the URL names several servers (h1:5432,h2:5433), as pgJDBC and libpq both take them.
     */
    record Location(String host, String port, String database) {

        static Location of(DatabaseSettings owner) {
            // pgJDBC's own parser, not java.net.URI: a URL given with --jdbc-url may be jdbc:postgresql:aybiza
            // (localhost:5432) or name several hosts, which URI read as database "postgres" or host localhost.
            Properties parsed = Driver.parseURL(owner.jdbcUrl(), null);
            if (parsed == null) {
                throw new IllegalArgumentException("not a URL pgJDBC accepts: " + owner);
            }
            String database = parsed.getProperty("PGDBNAME", "");
            return new Location(parsed.getProperty("PGHOST"), parsed.getProperty("PGPORT"),
                    database.isEmpty() ? "postgres" : database);
        }

        String jdbcUrl() {
            String[] hosts = host.split(",");
            String[] ports = port.split(",");
            String servers = IntStream.range(0, hosts.length).mapToObj(i -> hosts[i] + ":" + ports[i])
                    .collect(Collectors.joining(","));
            return "jdbc:postgresql://%s/%s?user=%s".formatted(servers, database, USER);
        }

        String psql() {
            // libpq takes an IPv6 address without the brackets a URL needs.
            return "psql \"host=%s port=%s dbname=%s user=%s\"".formatted(host.replaceAll("[\\[\\]]", ""), port,
                    database, USER);
        }

        DatabaseSettings settings() {
            return DatabaseSettings.of(jdbcUrl());
        }
    }
}
