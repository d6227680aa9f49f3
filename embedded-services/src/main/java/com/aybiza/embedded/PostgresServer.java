package com.aybiza.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 17 server for the tests: zonky's embedded binaries (from Maven Central), on a free loopback port
 * with a throw-away data directory. {@link #newDatabase} gives each test an empty database of its own, so one server
 * serves a whole test class (or module) without tests seeing each other's schema.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser zonky's server is set up with. */
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static PostgresServer start() throws IOException {
        return new PostgresServer(EmbeddedPostgres.builder().start());
    }

    public int port() {
        return postgres.getPort();
    }

    /** Creates an empty database and returns its name. */
    public String newDatabase() throws SQLException {
        String name = "aybiza_test_" + databases.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** The JDBC URL of one of its databases, without credentials (see {@link #USER}, {@link #PASSWORD}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:%d/%s".formatted(port(), database);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
