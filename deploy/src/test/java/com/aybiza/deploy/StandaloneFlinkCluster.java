package com.aybiza.deploy;

import com.aybiza.embedded.internal.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A standalone Flink session cluster as an operator runs one without Kubernetes: a JobManager JVM
 * ({@code StandaloneSessionClusterEntrypoint}, REST API and dashboard on a free port of 127.0.0.1) and TaskManager JVMs
 * ({@code TaskManagerRunner}), all reading one {@code config.yaml}, on the classpath a Flink distribution's lib/
 * would give them ({@link ClusterClasspath}). Checkpoints and savepoints go under the cluster's directory, which every
 * process can read, as they would on shared storage.
 */
final class StandaloneFlinkCluster implements AutoCloseable {

    static final String LOG_CONFIG = "log4j2-cluster.properties";
    static final int SLOTS_PER_TASK_MANAGER = 2;

    // Flink on JDK 17 needs the --add-opens the build gives every test JVM (the root pom's jvm.opens): copy ours.
    private static final List<String> JVM_OPENS = ManagementFactory.getRuntimeMXBean()
            .getInputArguments().stream().filter(a -> a.startsWith("--add-opens")).toList();

    // Started without Flink's scripts, a TaskManager computes nothing: every memory component is given (STACK.md).
    // The JVM limits below are the sums Flink's scripts would derive from them.
    private static final Map<String, String> TASK_MANAGER_MEMORY = Map.of(
            "taskmanager.memory.framework.heap.size", "128m",
            "taskmanager.memory.task.heap.size", "256m",
            "taskmanager.memory.framework.off-heap.size", "128m",
            "taskmanager.memory.task.off-heap.size", "64m",
            "taskmanager.memory.managed.size", "64m",
            "taskmanager.memory.network.min", "64m",
            "taskmanager.memory.network.max", "64m",
            "taskmanager.memory.jvm-metaspace.size", "256m",
            "taskmanager.memory.jvm-overhead.min", "128m",
            "taskmanager.memory.jvm-overhead.max", "128m");
    private static final List<String> TASK_MANAGER_JVM = List.of("-Xms384m", "-Xmx384m",
            "-XX:MaxDirectMemorySize=256m", "-XX:MaxMetaspaceSize=256m");
    private static final List<String> JOB_MANAGER_JVM = List.of("-Xms256m", "-Xmx512m");

    private final Path dir;
    private final String classpath;
    private final int restPort;
    private final List<FlinkProcess> processes = new CopyOnWriteArrayList<>();
    private final List<FlinkProcess> taskManagers = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook = new Thread(this::killAll, "flink-cluster-shutdown");

    private StandaloneFlinkCluster(Path dir, String classpath, int restPort) {
        this.dir = dir;
        this.classpath = classpath;
        this.restPort = restPort;
    }

    /**
     * Writes the configuration into {@code dir} and starts the JobManager; add TaskManagers with
     * {@link #startTaskManager()}. {@code jobsJar} decides what stays off the cluster's classpath.
     */
    static StandaloneFlinkCluster start(Path dir, Path jobsJar) throws IOException {
        if (JVM_OPENS.isEmpty()) {
            throw new IllegalStateException("this JVM has no --add-opens to pass on to Flink: run the test through "
                    + "Maven, whose failsafe argLine gives them (the root pom's jvm.opens)");
        }
        Files.createDirectories(dir);
        int[] ports = FreePorts.take(2);
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(dir, ClusterClasspath.of(jobsJar), ports[0]);
        cluster.writeConfiguration(ports[1]);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook); // a backstop: close() normally does this
        cluster.processes.add(FlinkProcess.start(dir, "jobmanager", cluster.classpath, jvm(JOB_MANAGER_JVM),
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of("--configDir", dir.toString())));
        return cluster;
    }

    /** Starts one more TaskManager with {@link #SLOTS_PER_TASK_MANAGER} slots; it registers on its own. */
    FlinkProcess startTaskManager() throws IOException {
        String name = "taskmanager-" + (taskManagers.size() + 1);
        Path tmp = Files.createDirectories(dir.resolve(name + "-tmp"));
        FlinkProcess tm = FlinkProcess.start(dir, name, classpath, jvm(TASK_MANAGER_JVM),
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                List.of("--configDir", dir.toString(), "-Dtaskmanager.resource-id=" + name, "-Dio.tmp.dirs=" + tmp));
        taskManagers.add(tm);
        processes.add(tm);
        return tm;
    }

    String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    Path savepoints() {
        return dir.resolve("savepoints");
    }

    List<FlinkProcess> taskManagers() {
        return List.copyOf(taskManagers);
    }

    /** The end of every process's output and log: what a failed test prints. */
    String tails(int lines) {
        return processes.stream().map(p -> p.tail(lines)).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to remove
        }
    }

    // SIGKILL, not a graceful stop: the test's state lives in files it has already checked, and a graceful stop of
    // a job's TaskManagers can take a minute on two busy cores.
    private void killAll() {
        processes.forEach(FlinkProcess::kill);
    }

    private void writeConfiguration(int rpcPort) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "web.upload.dir: " + Files.createDirectories(dir.resolve("uploads")),
                "taskmanager.numberOfTaskSlots: " + SLOTS_PER_TASK_MANAGER,
                "taskmanager.cpu.cores: " + SLOTS_PER_TASK_MANAGER,
                "state.backend.type: hashmap",
                "execution.checkpointing.dir: " + checkpoints().toUri(),
                "execution.checkpointing.savepoint-dir: " + savepoints().toUri(),
                // A killed TaskManager is noticed at once (its heartbeat RPCs are refused); an unanswered one after 30 s, not
                // the default 50 s, yet long enough for a JVM starved of CPU on two busy cores.
                "heartbeat.interval: 2000",
                "heartbeat.timeout: 30000",
                // Spread a job's tasks over every TaskManager, so that killing one hits the job.
                "cluster.evenly-spread-out-slots: true"));
        TASK_MANAGER_MEMORY.forEach((key, value) -> lines.add(key + ": " + value));
        Files.write(dir.resolve("config.yaml"), lines);
        try (InputStream log = StandaloneFlinkCluster.class.getResourceAsStream("/" + LOG_CONFIG)) {
            if (log == null) {
                throw new IllegalStateException(LOG_CONFIG + " is missing from the test resources");
            }
            Files.copy(log, dir.resolve(LOG_CONFIG), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<String> jvm(List<String> memory) {
        List<String> options = new ArrayList<>(JVM_OPENS);
        // Four JVMs beside the broker and the database on two cores: one GC thread each, and the quick compiler
        // only, which starts a TaskManager and deploys the job's tasks in less CPU time than C2 would.
        options.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        options.addAll(memory);
        return options;
    }

    @Override
    public String toString() {
        return "Flink cluster at " + restUrl() + " in " + dir + " with "
                + taskManagers.stream().map(FlinkProcess::name).toList();
    }
}
