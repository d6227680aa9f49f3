package com.aybiza.cli;

import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.PlatformJobs;
import com.aybiza.jobs.enrich.ReferenceDataSettings;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.jobs.live.LiveStateSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * bin/aybiza jobs: every Flink job of the platform in a local Flink with its web dashboard, until Ctrl-C. Checkpoints
 * are retained in the state directory; started again (after Ctrl-C or a kill -9) the same command resumes from the
 * newest complete one. The same topologies run on a cluster from the jobs jar ({@link PlatformJobs}).
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {
            "Runs the platform's Flink jobs in a local Flink with its web dashboard, until Ctrl-C: the four input "
                    + "topics are decoded, validated, enriched, de-duplicated and written into PostgreSQL.",
            "Checkpoints are kept in --state-dir; the same command started again resumes from the newest one and "
                    + "says which. --from-earliest and --from-timestamp apply only to a start without state."
        })
final class JobsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafkaOptions;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--state-dir", defaultValue = "data/jobs",
            description = "where checkpoints are kept (default ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--parallelism", defaultValue = "2", description = "parallel subtasks per operator (default ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "10s", converter = DurationConverter.class,
            description = "how often state is checkpointed and rows committed at the latest (default ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @ArgGroup(exclusive = true)
    StartFrom startFrom;

    static final class StartFrom {
        @Option(names = "--from-earliest", description = "a start without state reads the topics from the beginning")
        boolean earliest;

        @Option(names = "--from-timestamp", converter = TimeConverter.class,
                description = "a start without state reads from this ISO-8601 instant, e.g. 2026-12-01T09:00:00Z")
        Instant timestamp;
    }

    @Option(names = "--web-ui-port", defaultValue = "8081", description = "port of the Flink dashboard (default ${DEFAULT-VALUE})")
    int webUiPort;

    @Option(names = "--state-backend", defaultValue = "hashmap",
            description = "hashmap (state on the heap) or rocksdb (state on local disk, beyond the heap; incremental checkpoints) "
                    + "(default ${DEFAULT-VALUE})")
    String stateBackend;

    @Option(names = "--unknown-reference-grace", defaultValue = "5m", converter = DurationConverter.class,
            description = "how long an event whose tenant, agent or other reference is unknown is looked up again "
                    + "(every 15 s, or a quarter of this if less) before it is dead-lettered; 0 dead-letters it at "
                    + "once (default ${DEFAULT-VALUE})")
    Duration unknownReferenceGrace;

    @Option(names = "--consumer-group", defaultValue = "aybiza-jobs",
            description = "prefix of the Kafka consumer groups, one per input topic, whose offsets are committed at "
                    + "every checkpoint (default ${DEFAULT-VALUE})")
    String consumerGroup;

    @Option(names = "--dynamodb-endpoint", converter = EndpointConverter.class, defaultValue = "${env:AYBIZA_DYNAMODB_ENDPOINT}",
            description = "write live call state to DynamoDB at this endpoint (http://127.0.0.1:8000 for `bin/aybiza "
                    + "dynamodb`; create the tables with `bin/aybiza dynamodb init`); AWS credentials and region the "
                    + "SDK's usual way. Without it live state is off. (env AYBIZA_DYNAMODB_ENDPOINT)")
    URI dynamodbEndpoint;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--state-backend must be hashmap or rocksdb, got " + stateBackend);
        }
        String bootstrapServers = kafkaOptions.bootstrapServers();
        Map<String, String> kafka = kafkaOptions.clientProperties();
        JobSettings.Builder builder = JobSettings.builder(bootstrapServers, database.settings())
                .kafkaProperties(kafka).parallelism(parallelism).checkpointInterval(checkpointInterval)
                .consumerGroup(consumerGroup)
                .referenceData(ReferenceDataSettings.of(database.settings())
                        .withUnknownReferenceGrace(unknownReferenceGrace));
        if (startFrom != null && startFrom.earliest) {
            builder.startFrom(JobSettings.StartFrom.earliest());
        } else if (startFrom != null && startFrom.timestamp != null) {
            builder.startFrom(JobSettings.StartFrom.timestamp(startFrom.timestamp));
        }
        if (dynamodbEndpoint != null) {
            builder.liveState(LiveStateSettings.at(dynamodbEndpoint));
        }
        JobSettings settings = builder.build();
        InputTopics.requireLogAppendTime(bootstrapServers, kafka, PlatformJobs.INPUT_TOPICS,
                Math.max(1, kafkaOptions.timeout().toSeconds()));

        Path state = stateDir.toAbsolutePath().normalize();
        Files.createDirectories(state);
        RetainedCheckpoints checkpoints = new RetainedCheckpoints(state);
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, webUiPort);
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        // On RocksDB a checkpoint uploads only the files written since the last one; a full one would write every
        // seen id of the last hour again, every interval (what the heap backend has to do).
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, stateBackend.equals("rocksdb"));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.directory().toUri().toString());
        Optional<Path> latest = checkpoints.latest();
        if (latest.isPresent()) {
            conf.set(SavepointConfigOptions.SAVEPOINT_PATH, latest.get().toUri().toString());
            out.println("resuming from " + (latest.get().getFileName().toString().startsWith("savepoint-") ? "savepoint " : "checkpoint ") + latest.get());
            if (startFrom != null) {
                out.println("--from-earliest/--from-timestamp ignored: they apply only to a start without state "
                        + "(delete " + checkpoints.directory() + " to start without state)");
            }
        } else {
            out.println("starting without state, reading from " + settings.startFrom());
        }
        out.println(settings.liveState() == null ? "live call state: off (no --dynamodb-endpoint)"
                : "live call state: " + settings.liveState().describe());
        out.println("Flink dashboard: http://localhost:" + webUiPort + "  (Ctrl-C stops; checkpoints in "
                + checkpoints.directory() + "; a savepoint taken into " + checkpoints.savepointDirectory()
                + " is resumed from too)");
        out.flush();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        PlatformJobs.build(env, settings);
        env.execute(PlatformJobs.JOB_NAME);
        return 0;
    }
}
