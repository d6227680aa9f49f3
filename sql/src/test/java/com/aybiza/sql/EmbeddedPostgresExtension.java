package com.aybiza.sql;

import com.aybiza.embedded.PostgresServer;
import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * embedded-services' {@link PostgresServer} for one test class, speaking this module's {@link DatabaseSettings}
 * (embedded-services cannot: it does not depend on sql). A fresh database per call to {@link #newDatabase()}.
 */
public final class EmbeddedPostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private PostgresServer postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        postgres = PostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    public int port() {
        return postgres.port();
    }

    /** Creates an empty database and returns its name. */
    public String newDatabase() throws SQLException {
        return postgres.newDatabase();
    }

    public DatabaseSettings settings(String database) {
        return new DatabaseSettings(postgres.jdbcUrl(database), PostgresServer.USER, PostgresServer.PASSWORD);
    }
}
