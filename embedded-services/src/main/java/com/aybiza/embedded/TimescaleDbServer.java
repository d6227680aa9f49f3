package com.aybiza.embedded;

import com.aybiza.embedded.internal.ReadyLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TimescaleDB 2.23 on PostgreSQL 17, a WebAssembly build (PGlite) served over the wire protocol by
 * {@code embedded-services/timescaledb-wasm/server.mjs}, as a child process for the tests. It serves one connection at
 * a time, runs every client as the superuser whatever the login says, and drops the connection at a
 * {@code COPY FROM STDIN}: good for proving the TimescaleDB DDL (hypertables, continuous aggregates, policies), not for
 * logins, load or the jobs' writers.
 */
public final class TimescaleDbServer implements AutoCloseable {

    /** The folder holding server.mjs and its node_modules, relative to the project's root. */
    public static final Path INSTALL_DIR = Path.of("embedded-services", "timescaledb-wasm");

    private static final Pattern READY = Pattern.compile("READY port=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;

    private TimescaleDbServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code server.mjs} (its node_modules installed beside it by the build) on a free port. */
    public static TimescaleDbServer start(Path script) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script) || !Files.isDirectory(script.resolveSibling("node_modules"))) {
            throw new IllegalStateException(script + " or its node_modules is missing: the build installs them "
                    + "(`npm ci` in " + INSTALL_DIR + ", run by ./mvnw verify)");
        }
        Process process = new ProcessBuilder("node", script.toString(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String line = ReadyLine.read(process, START_TIMEOUT);
        Matcher m = READY.matcher(line == null ? "" : line);
        if (!m.matches()) {
            process.destroyForcibly();
            throw new IllegalStateException("the TimescaleDB server did not start within " + START_TIMEOUT.toSeconds()
                    + " s; it said: " + line);
        }
        return new TimescaleDbServer(process, Integer.parseInt(m.group(1)));
    }

    public int port() {
        return port;
    }

    /** Its one database; any user and password are accepted (use postgres/postgres). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:%d/postgres?sslmode=disable".formatted(port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
