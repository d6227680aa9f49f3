package com.aybiza.cli;

import com.aybiza.embedded.internal.FreePorts;
import com.aybiza.sql.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL 17 for bin/aybiza local: zonky's embedded binaries (from Maven, the same the tests run) on a data
 * directory that outlives the run, so a second run finds its rows. The platform lives in a database of its own,
 * {@value #DATABASE}, owned by the server's superuser {@code postgres}; local connections need no password.
 */
final class LocalPostgres implements AutoCloseable {

    static final String DATABASE = "aybiza";

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static LocalPostgres start(Path dataDir, int port) throws IOException, SQLException {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            // The lock of LocalDataDirectory rules out a running server of ours: a run was killed and left its pid.
            Files.delete(dataDir.resolve("postmaster.pid"));
        }
        int chosen = port != 0 ? port : FreePorts.take(1)[0];
        FreePorts.requireFree(chosen, "--postgres-port");
        // zonky's builder starts a test server: fsync and synchronous_commit off. This one holds the platform's data
        // and the billing rows, and the jobs take a commit as stored for good (a checkpoint completes after it, and
        // its offsets are never read again): a crash must not lose a committed row, nor a power cut the database.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setPort(chosen).setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
        try {
            createDatabase(postgres);
        } catch (SQLException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return new LocalPostgres(postgres);
    }

    int port() {
        return postgres.getPort();
    }

    /** The platform's database, as its owner: what migrate, the jobs and the generator connect with. */
    DatabaseSettings owner() {
        return DatabaseSettings.of("jdbc:postgresql://127.0.0.1:%d/%s?user=postgres".formatted(port(), DATABASE));
    }

    private static void createDatabase(EmbeddedPostgres postgres) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    /** Stops the server (pg_ctl stop, fast); its data directory stays. */
    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
