package com.aybiza.jobs;

import com.aybiza.events.EventTopic;
import com.aybiza.jobs.billing.UsageMeteringJob;
import com.aybiza.jobs.ingest.InputTopics;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The entry class of the jobs jar: {@code flink run -c com.aybiza.jobs.PlatformJobs aybiza-jobs.jar --bootstrap-servers
 * HOST:PORT --jdbc-url URL [...]} (arguments: {@link JobArguments}). Every topology of the platform runs in one Flink
 * job, so one checkpoint and one savepoint cover all of them. {@code bin/aybiza jobs} runs the same build locally.
 */
public final class PlatformJobs {

    /** The job's name on the Flink dashboard. */
    public static final String JOB_NAME = "aybiza-jobs";

    /** The topics the topologies read. */
    public static final List<EventTopic> INPUT_TOPICS = List.of(EventTopic.USAGE);

    /** A table the jobs write: its tenant column and time column, by which a run's rows are found. */
    public record StoredTable(String name, String tenantColumn, String timeColumn) {
    }

    /** The tables the topologies write, for reconciliation with a generator's ledger. */
    public static final List<StoredTable> STORED_TABLES = List.of(
            new StoredTable("billing.usage_metering", "tenant_id", "\"timestamp\""));

    private PlatformJobs() {
    }

    /** Adds every topology, with its production ends, to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobSettings settings) {
        JobEnvironment.configure(env, settings);
        UsageMeteringJob.production(settings).build(env);
    }

    public static void main(String[] args) throws Exception {
        JobSettings settings = JobArguments.parse(args);
        InputTopics.requireLogAppendTime(settings.bootstrapServers(), settings.kafkaProperties(), INPUT_TOPICS, 30);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, settings);
        env.execute(JOB_NAME);
    }
}
