package com.aybiza.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs shared/tools/schema_conformance.py against a live database, the same check a reviewer runs by hand.
 * Its last line reads {@code conformance: M/N items (P%)}.
 *
 * <p>The tool reads an index's columns with {@code json_agg} over {@code unnest(indkey) JOIN pg_attribute} and no
 * ORDER BY, so PostgreSQL may hand them back in column-number order (a hash right join does): an index on
 * (tenant_id, start_time) then reads as (start_time, tenant_id) and counts as missing. {@link #checkWithOrderedIndexColumns}
 * runs a copy of the tool whose two index queries keep indkey's order (WITH ORDINALITY ... ORDER BY), nothing else
 * changed, so the tests can tell the tool's misreads from real gaps.
 */
final class SchemaConformance {

    record Outcome(int exitCode, String output) {
        String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }

        List<String> misses() {
            return output.lines().filter(l -> l.startsWith("MISS ")).toList();
        }
    }

    private static final String INDEX_COLUMNS =
            "(SELECT json_agg(coalesce(a.attname, '?')) FROM unnest(i.indkey) x(attnum) LEFT JOIN pg_attribute a";
    private static final String INDEX_COLUMNS_ORDERED =
            "(SELECT json_agg(coalesce(a.attname, '?') ORDER BY x.ord) FROM unnest(i.indkey) WITH ORDINALITY x(attnum, ord) LEFT JOIN pg_attribute a";
    private static final String UNIQUE_COLUMNS =
            "(SELECT json_agg(a.attname) FROM unnest(i.indkey) x(attnum) JOIN pg_attribute a";
    private static final String UNIQUE_COLUMNS_ORDERED =
            "(SELECT json_agg(a.attname ORDER BY x.ord) FROM unnest(i.indkey) WITH ORDINALITY x(attnum, ord) JOIN pg_attribute a";

    private SchemaConformance() {}

    /** The tool exactly as shipped in shared/tools. */
    static Outcome check(String host, int port, String database, String user, String password)
            throws IOException, InterruptedException {
        return run(tool(), host, port, database, user, password);
    }

    /** The tool with its index column order kept; fails if the tool no longer has the queries it patches. */
    static Outcome checkWithOrderedIndexColumns(String host, int port, String database, String user, String password)
            throws IOException, InterruptedException {
        String source = Files.readString(tool());
        if (!source.contains(INDEX_COLUMNS) || !source.contains(UNIQUE_COLUMNS)) {
            throw new IllegalStateException("schema_conformance.py changed: its index queries are not the ones this "
                    + "test patches; check whether the column-order fix is still needed");
        }
        Path patched = Files.createTempFile("schema_conformance_ordered", ".py");
        Files.writeString(patched, source.replace(INDEX_COLUMNS, INDEX_COLUMNS_ORDERED)
                .replace(UNIQUE_COLUMNS, UNIQUE_COLUMNS_ORDERED));
        try {
            return run(patched, host, port, database, user, password);
        } finally {
            Files.deleteIfExists(patched);
        }
    }

    private static Outcome run(Path script, String host, int port, String database, String user, String password)
            throws IOException, InterruptedException {
        String dsn = "host=%s port=%d dbname=%s user=%s sslmode=disable".formatted(host, port, database, user);
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "--dsn", dsn, "--min", "100")
                .redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password == null ? "" : password);
        pb.environment().put("PGCONNECT_TIMEOUT", "30");
        // The patched copy lives elsewhere; it still imports seed_catalog (and through it the spec) from shared/tools.
        pb.environment().put("PYTHONPATH", tool().getParent().toString());
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
