package com.aybiza.sql;

import com.aybiza.embedded.TimescaleDbServer;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * embedded-services' {@link TimescaleDbServer} for one test class, speaking this module's {@link DatabaseSettings}.
 * The build passes the server script's path as {@code aybiza.timescaledb.server}.
 */
public final class TimescaleDbWasmExtension implements BeforeAllCallback, AfterAllCallback {

    private TimescaleDbServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = TimescaleDbServer.start(Path.of(System.getProperty("aybiza.timescaledb.server",
                Path.of("..").resolve(TimescaleDbServer.INSTALL_DIR).resolve("server.mjs").toString())));
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    public int port() {
        return server.port();
    }

    public DatabaseSettings settings() {
        return new DatabaseSettings(server.jdbcUrl(), "postgres", "postgres");
    }
}
