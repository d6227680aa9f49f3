package com.aybiza.jobs;

import java.time.Duration;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job-level settings every deployment of the jobs shares, local or on a cluster; where checkpoints are stored
 * and which state backend holds the state belong to the cluster (or to {@code bin/aybiza jobs}).
 */
public final class JobEnvironment {

    private JobEnvironment() {
    }

    @SuppressWarnings("deprecation") // the RestartStrategies API is the one Flink 1.20 documents for DataStream jobs
    public static void configure(StreamExecutionEnvironment env, JobSettings settings) {
        env.setParallelism(settings.parallelism());
        env.setMaxParallelism(JobSettings.MAX_PARALLELISM);
        // No stage keeps or changes a record after passing it on, and the sinks copy what they buffer: without
        // reuse Flink deep-copies every Avro event between chained stages.
        env.getConfig().enableObjectReuse();
        // Exactly-once (aligned) barriers, although the sinks deliver at least once: with unaligned at-least-once
        // barriers de-duplication could checkpoint an id whose row the sink had not yet committed, and after a
        // restore drop its replay as a duplicate: a lost row.
        env.enableCheckpointing(settings.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        CheckpointConfig checkpoints = env.getCheckpointConfig();
        checkpoints.setExternalizedCheckpointCleanup(
                CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        checkpoints.setCheckpointTimeout(Duration.ofMinutes(10).toMillis());
        // A database outage holds a flush, and so a checkpoint, back; that is no reason to restart the job.
        checkpoints.setTolerableCheckpointFailureNumber(10);
        checkpoints.setMinPauseBetweenCheckpoints(Math.min(1000, settings.checkpointInterval().toMillis() / 2));
        env.setRestartStrategy(RestartStrategies.exponentialDelayRestart(
                org.apache.flink.api.common.time.Time.seconds(1), org.apache.flink.api.common.time.Time.minutes(1),
                2.0, org.apache.flink.api.common.time.Time.minutes(10), 0.1));
    }
}
