package com.aybiza.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One `bin/aybiza` command in a JVM of its own, set up as the launcher sets it up: the shipped log4j2.xml (not the
 * tests' configuration), the log folder and the project folder as system properties, and a temp folder of its own, so
 * that a test sees exactly what a user's terminal and disk get.
 */
final class CommandProcess {

    private static final List<String> OPENS = List.of("java.util", "java.lang", "java.time", "java.math", "java.net",
            "java.io", "java.nio", "sun.nio.ch", "java.lang.reflect", "java.text", "java.util.concurrent");

    record Result(int exitCode, String out, String err, long millis) {}

    private final Path logDir;
    private final Path tmpDir;
    private final Map<String, String> environment;

    CommandProcess(Path logDir, Path tmpDir, Map<String, String> environment) {
        this.logDir = logDir;
        this.tmpDir = tmpDir;
        this.environment = environment;
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        OPENS.forEach(p -> command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
        command.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile=log4j2.xml",
                "-Daybiza.log.dir=" + logDir, "-Djava.io.tmpdir=" + tmpDir,
                "-Daybiza.project.dir=" + projectDir(),
                "-cp", System.getProperty("java.class.path"), AybizaCommand.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("command-", ".out");
        Path err = Files.createTempFile("command-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("aybiza " + String.join(" ", args) + " did not end within 120 s");
        }
        Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err),
                (System.nanoTime() - started) / 1_000_000);
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    /** The project's root: the tests run in the cli module's folder. */
    static Path projectDir() {
        return Path.of("").toAbsolutePath().getParent();
    }
}
