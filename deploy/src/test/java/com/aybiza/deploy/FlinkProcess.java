package com.aybiza.deploy;

import com.aybiza.embedded.internal.ChildJvm;
import com.aybiza.embedded.internal.ParentWatchdog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the cluster (the JobManager or a TaskManager), started from Flink's own entry point. Its stdout and
 * stderr go to {@code NAME.out}, its log4j2 log to {@code NAME.log}, both in the cluster's directory.
 *
 * <p>It runs under {@link ParentWatchdog}, which ends it when the test JVM's pipe closes: a test JVM killed outright
 * (a CI timeout) leaves no Flink process behind. {@link #kill()} is SIGKILL, what a crashed machine looks like.
 */
final class FlinkProcess {

    private final String name;
    private final Process process;
    private final Path output;
    private final Path log;

    private FlinkProcess(String name, Process process, Path output, Path log) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.log = log;
    }

    static FlinkProcess start(Path dir, String name, String classpath, List<String> jvmOptions, String mainClass,
                              List<String> args) throws IOException {
        Path log = dir.resolve(name + ".log");
        List<String> lines = new ArrayList<>(jvmOptions);
        // log.file: where Flink's dashboard finds each process's log; the log4j2 file writes there.
        lines.add("-Dlog.file=" + log);
        lines.add("-Dlog4j.configurationFile=" + dir.resolve(StandaloneFlinkCluster.LOG_CONFIG));
        lines.add("-cp");
        lines.add(classpath);
        lines.add(ParentWatchdog.class.getName());
        lines.add(mainClass);
        lines.addAll(args);
        // An @argfile: the classpath is longer than one argument may be.
        Path argFile = dir.resolve(name + ".jvm-args");
        Files.write(argFile, lines.stream().map(FlinkProcess::quote).toList(), StandardCharsets.UTF_8);
        Path output = dir.resolve(name + ".out");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "@" + argFile)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new FlinkProcess(name, process, output, log);
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, to the JVM and anything it started; returns once it is gone (or after 10 s). */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The end of its output and of its log, for a failure report. */
    String tail(int lines) {
        return "--- " + name + " (pid " + process.pid() + (process.isAlive() ? ", alive" : ", ended") + ") "
                + output.getFileName() + " ---\n" + ChildJvm.tail(output, lines)
                + "\n--- " + log.getFileName() + " ---\n" + ChildJvm.tail(log, lines);
    }

    private static String quote(String arg) {
        return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
