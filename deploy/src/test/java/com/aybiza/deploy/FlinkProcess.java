package com.aybiza.deploy;

import com.aybiza.embedded.internal.ChildJvm;
import com.aybiza.embedded.internal.ParentWatchdog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One JVM of the cluster (the JobManager or a TaskManager), started from Flink's own entry point. Its stdout and
 * stderr go to {@code NAME.out}, its log4j2 log to {@code NAME.log}, both in the cluster's directory.
 *
 * <p>It runs under {@link ParentWatchdog}, which ends it when the test JVM's pipe closes: a test JVM killed outright
 * (a CI timeout) leaves no Flink process behind. {@link #kill()} is SIGKILL, what a crashed machine looks like.
 */
final class FlinkProcess {

    private final String name;
    private final ChildJvm jvm;
    private final Path log;

    private FlinkProcess(String name, ChildJvm jvm, Path log) {
        this.name = name;
        this.jvm = jvm;
        this.log = log;
    }

    static FlinkProcess start(Path dir, String name, String classpath, List<String> jvmOptions, String mainClass,
                              List<String> args) throws IOException {
        Path log = dir.resolve(name + ".log");
        List<String> options = new ArrayList<>(jvmOptions);
        // log.file: where Flink's dashboard finds each process's log; the log4j2 file writes there.
        options.add("-Dlog.file=" + log);
        options.add("-Dlog4j.configurationFile=" + dir.resolve(StandaloneFlinkCluster.LOG_CONFIG));
        return new FlinkProcess(name, ChildJvm.start(dir, name, options, classpath, mainClass, args), log);
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    /** SIGKILL, to the JVM and anything it started; returns once it is gone (or after 10 s). */
    void kill() {
        jvm.kill();
    }

    /** The end of its output and of its log, for a failure report. */
    String tail(int lines) {
        return "--- " + name + " (pid " + jvm.pid() + (jvm.isAlive() ? ", alive" : ", ended") + ") " + name
                + ".out ---\n" + jvm.outputTail(lines) + "\n--- " + log.getFileName() + " ---\n"
                + ChildJvm.tail(log, lines);
    }
}
