package com.aybiza.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/aybiza jobs} as an operator runs it: a JVM of its own, so a test can kill it with SIGKILL mid-stream and
 * start the same command again. Its output goes to a log file the test reads.
 */
final class JobsProcess implements AutoCloseable {

    private static final List<String> OPENS = List.of("java.util", "java.lang", "java.time", "java.math", "java.net",
            "java.io", "java.nio", "sun.nio.ch", "java.lang.reflect", "java.text", "java.util.concurrent");

    private final Process process;
    private final Path log;

    private JobsProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static JobsProcess start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        OPENS.forEach(p -> command.add("--add-opens=java.base/" + p + "=ALL-UNNAMED"));
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), AybizaCommand.class.getName(),
                "jobs"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new JobsProcess(process, log);
    }

    /** Waits until the command printed {@code text} (in this run or an earlier one logged to the same file). */
    void awaitOutput(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("jobs exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("jobs did not print '" + text + "' within " + timeout + ":\n"
                + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook, no last checkpoint, as a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("jobs did not exit within " + timeout);
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
