package com.aybiza.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs shared/tools/schema_conformance.py, exactly as shipped, against a live database: the same check a reviewer runs
 * by hand. Its last line reads {@code conformance: M/N items (P%)}, and every gap is a line starting {@code MISS }.
 */
final class SchemaConformance {

    record Outcome(int exitCode, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }

        List<String> misses() {
            return output.lines().filter(l -> l.startsWith("MISS")).toList();
        }
    }

    private SchemaConformance() {}

    static Outcome check(String host, int port, String database, String user, String password)
            throws IOException, InterruptedException {
        String dsn = "host=%s port=%d dbname=%s user=%s sslmode=disable".formatted(host, port, database, user);
        ProcessBuilder pb = new ProcessBuilder("python3", tool().toString(), "--dsn", dsn, "--min", "100")
                .redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password == null ? "" : password);
        pb.environment().put("PGCONNECT_TIMEOUT", "30");
        Process process = pb.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("schema_conformance.py did not finish in 5 minutes");
        }
        return new Outcome(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static Path tool() {
        Path script = sharedDir().resolve("tools/schema_conformance.py");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("conformance tool not found at " + script
                    + " (shared/ is expected beside the checkout; set -Daybiza.shared.dir)");
        }
        return script;
    }

    static Path sharedDir() {
        String dir = System.getProperty("aybiza.shared.dir");
        return dir != null ? Path.of(dir) : Path.of("..", "..", "shared").toAbsolutePath().normalize();
    }
}
