package com.aybiza.cli;

import com.aybiza.embedded.internal.FreePorts;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.PlatformJobs;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Every topology of the platform in a local Flink (a MiniCluster in this JVM) with its web dashboard, as
 * {@code bin/aybiza jobs} runs them, but started asynchronously so that bin/aybiza local can stop them in order.
 * Checkpoints are retained under the state directory (also on cancellation, see JobEnvironment), and a start finds the
 * newest one and resumes from it.
 */
final class LocalJobs implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);

    private final JobClient client;
    private final int webUiPort;

    private LocalJobs(JobClient client, int webUiPort) {
        this.client = client;
        this.webUiPort = webUiPort;
    }

    static LocalJobs start(JobSettings settings, Path stateDir, int webUiPort, PrintWriter out) throws Exception {
        FreePorts.requireFree(webUiPort, "--web-ui-port");
        Files.createDirectories(stateDir);
        RetainedCheckpoints checkpoints = new RetainedCheckpoints(stateDir);
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, webUiPort);
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.parallelism());
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.directory().toUri().toString());
        Optional<Path> latest = checkpoints.latest();
        if (latest.isPresent()) {
            conf.set(SavepointConfigOptions.SAVEPOINT_PATH, latest.get().toUri().toString());
            out.println("jobs: resuming from " + latest.get());
        } else {
            out.println("jobs: starting without state, reading from " + settings.startFrom());
        }
        out.flush();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        PlatformJobs.build(env, settings);
        return new LocalJobs(env.executeAsync(PlatformJobs.JOB_NAME), webUiPort);
    }

    String dashboard() {
        return "http://localhost:" + webUiPort;
    }

    /** The job's state now, e.g. RUNNING; a failure to ask reads as UNKNOWN (the status line must not fail). */
    String status() {
        try {
            JobStatus status = client.getJobStatus().get(5, TimeUnit.SECONDS);
            return status.name();
        } catch (Exception e) {
            return "UNKNOWN";
        }
    }

    /**
     * Cancels the job and waits until it has ended. Called once the jobs have caught up with the traffic, so nothing
     * is lost: whatever the last retained checkpoint does not cover is replayed by the next run, and every write is
     * idempotent. A savepoint would say the same at the cost of a minute on two cores.
     */
    @Override
    public void close() throws Exception {
        JobStatus status;
        try {
            status = client.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception gone) {
            return; // the mini cluster is already down
        }
        if (!status.isGloballyTerminalState()) {
            client.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            client.getJobExecutionResult().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception cancelled) {
            // A cancelled job's result is an exception by design: it ended, which is all that is waited for.
        }
    }
}
