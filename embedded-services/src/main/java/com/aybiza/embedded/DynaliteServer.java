package com.aybiza.embedded;

import com.aybiza.embedded.internal.FreePorts;
import com.aybiza.embedded.internal.ReadyLine;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real DynamoDB-compatible server (dynalite, a Node.js program in {@code embedded-services/dynalite/}) as a child
 * process, for the tests and the local run. It speaks the DynamoDB HTTP API, so the AWS SDK and Flink's DynamoDB
 * sink talk to it through an endpoint override, with any region and any static credentials.
 *
 * <p>Its tables, like real DynamoDB's, stay CREATING for a while ({@code tableStateMs}): clients wait for ACTIVE.
 */
public final class DynaliteServer implements AutoCloseable {

    /** The folder holding server.mjs and its node_modules, relative to the project's root. */
    public static final Path INSTALL_DIR = Path.of("embedded-services", "dynalite");

    private static final Pattern READY = Pattern.compile("READY port=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path log;

    private DynaliteServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the server from {@code installDir} (where the build ran {@code npm ci}) on {@code port} (0 for a free
     * one), keeping its tables in {@code dataDir} if given, in memory otherwise. It ends with this JVM, however this
     * JVM ends.
     */
    public static DynaliteServer start(Path installDir, int port, Optional<Path> dataDir, Duration tableState)
            throws IOException, InterruptedException {
        Path script = installDir.resolve("server.mjs");
        if (!Files.isRegularFile(script) || !Files.isDirectory(installDir.resolve("node_modules"))) {
            throw new IllegalStateException(script + " or its node_modules is missing: the build installs them "
                    + "(`npm ci` in " + INSTALL_DIR + ", run by ./mvnw package)");
        }
        if (port != 0) {
            // Before anything is made: no log file left behind, no Node stack trace for the user.
            FreePorts.requireFree(port, "--port");
        }
        List<String> command = new ArrayList<>(List.of("node", script.toString(), "--port", String.valueOf(port),
                "--table-state-ms", String.valueOf(tableState.toMillis()), "--exit-with-parent"));
        if (dataDir.isPresent()) {
            command.addAll(List.of("--data-dir", Files.createDirectories(dataDir.get()).toString()));
        }
        Path log = Files.createTempFile("aybiza-dynalite-", ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        String line = ReadyLine.read(process, START_TIMEOUT);
        Matcher ready = READY.matcher(line == null ? "" : line);
        if (!ready.matches()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            String said = Files.readString(log);
            Files.deleteIfExists(log);
            if (said.contains("EADDRINUSE")) {
                // Taken between the check above and Node's listen.
                throw new IllegalStateException("port " + port + " on 127.0.0.1 is taken by another program; stop it, "
                        + "or choose another port with --port");
            }
            throw new IllegalStateException("dynalite did not start (it said: " + line + "):\n" + said);
        }
        return new DynaliteServer(process, Integer.parseInt(ready.group(1)), log);
    }

    /** The endpoint to give the AWS SDK ({@code endpointOverride}) or Flink's sink ({@code aws.endpoint}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server: SIGTERM, then SIGKILL if it has not ended within 10 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file; the OS cleans it up eventually
        }
    }
}
