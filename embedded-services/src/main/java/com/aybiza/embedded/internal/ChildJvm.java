package com.aybiza.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started as a child process on this JVM's own classpath, its output going to a file.
 *
 * <p>Every child runs {@link ParentWatchdog}, which ends it when our stdin pipe closes: a test JVM killed with
 * SIGKILL (a failsafe timeout, a cancelled CI run) then leaves no orphaned broker holding ports and disk.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path output;

    private ChildJvm(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code mainClass} with {@code args}. The classpath is this JVM's {@code java.class.path}, which under
     * Maven (surefire/failsafe set it to the real test classpath) and under {@code java -cp} alike holds Kafka and
     * its dependencies, and the same single SLF4J binding as this JVM.
     */
    public static ChildJvm start(Path workDir, String name, List<String> jvmOptions, String mainClass,
                                 List<String> args) throws IOException {
        return start(workDir, name, jvmOptions, System.getProperty("java.class.path"), mainClass, args);
    }

    /** Starts {@code mainClass} with {@code args} on {@code classpath}, for a child that must not see all of ours. */
    public static ChildJvm start(Path workDir, String name, List<String> jvmOptions, String classpath,
                                 String mainClass, List<String> args) throws IOException {
        // An @argfile, because a classpath of ~80 jars can pass the kernel's per-argument length limit.
        Path argFile = workDir.resolve(name + ".jvm-args");
        List<String> lines = new ArrayList<>(jvmOptions);
        lines.add("-cp");
        lines.add(classpath);
        lines.add(ParentWatchdog.class.getName());
        lines.add(mainClass);
        lines.addAll(args);
        Files.write(argFile, lines.stream().map(ChildJvm::quote).toList(), StandardCharsets.UTF_8);

        Path output = workDir.resolve(name + ".out");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "@" + argFile)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new ChildJvm(process, output);
    }

    /** Runs a short-lived tool to its end and returns its exit code, or fails after {@code timeout}. */
    public static int run(Path workDir, String name, List<String> jvmOptions, String mainClass, List<String> args,
                          Duration timeout) throws IOException, InterruptedException {
        try (ChildJvm tool = start(workDir, name, jvmOptions, mainClass, args)) {
            if (!tool.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(mainClass + " did not finish within " + timeout + "\n" + tool.outputTail(40));
            }
            return tool.process.exitValue();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The last lines the child printed to stdout/stderr. */
    public String outputTail(int lines) {
        return tail(output, lines);
    }

    /**
     * SIGTERM first so the child runs its shutdown hooks; SIGKILL if it has not ended after {@code grace}, or at
     * once if this thread is interrupted while waiting (the interrupt is kept for the caller).
     */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, to the child and anything it started, as a crashed machine would; waits up to 10 s for it to end. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }

    /** The last {@code lines} lines of a text file, or a note that it does not exist. */
    public static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no " + file + ")";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // @argfile syntax: a quoted argument may hold spaces; backslash escapes inside quotes.
    private static String quote(String arg) {
        return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
