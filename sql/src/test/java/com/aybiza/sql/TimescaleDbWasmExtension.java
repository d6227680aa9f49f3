package com.aybiza.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * TimescaleDB 2.23 on PostgreSQL 17 (a WebAssembly build, sql/timescaledb-wasm/server.mjs) as a child process for
 * one test class. It serves one connection at a time and runs every client as the superuser, whatever the login
 * says: good for proving the TimescaleDB DDL, not for logins or load.
 */
public final class TimescaleDbWasmExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Pattern READY = Pattern.compile("READY port=(\\d+)");

    private Process server;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path script = Path.of(System.getProperty("aybiza.timescaledb.server", "timescaledb-wasm/server.mjs"));
        if (!Files.isRegularFile(script) || !Files.isDirectory(script.resolveSibling("node_modules"))) {
            throw new IllegalStateException(script + " or its node_modules is missing: the build installs them "
                    + "(`npm ci` in sql/timescaledb-wasm, run by ./mvnw verify)");
        }
        server = new ProcessBuilder("node", script.toString(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(120, TimeUnit.SECONDS);
        Matcher m = READY.matcher(line == null ? "" : line);
        if (!m.matches()) {
            server.destroyForcibly();
            throw new IllegalStateException("the TimescaleDB server did not start; it said: " + line);
        }
        port = Integer.parseInt(m.group(1));
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    public int port() {
        return port;
    }

    public DatabaseSettings settings() {
        return new DatabaseSettings("jdbc:postgresql://127.0.0.1:%d/postgres?sslmode=disable".formatted(port),
                "postgres", "postgres");
    }
}
