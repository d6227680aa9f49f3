package com.aybiza.jobs;

import com.aybiza.jobs.enrich.ReferenceDataSettings;
import com.aybiza.jobs.live.LiveStateSettings;
import com.aybiza.jobs.ingest.IngestSettings;
import com.aybiza.sinks.postgres.PostgresSinkOptions;
import com.aybiza.sql.DatabaseSettings;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the jobs are configured with, in one typed object: the command line (or a cluster's program arguments)
 * fills it, the topologies read it. Built with {@link #builder(String, DatabaseSettings)}; it checks itself on
 * {@code build()}.
 *
 * @param startFrom where a start without state reads the input topics from; a start from a checkpoint or savepoint
 *                  resumes at its offsets whatever this says
 * @param liveState where live call state goes in DynamoDB; null when it is not written
 * @param stopAtLatest read each input topic only up to the offsets it has when the job starts, then finish (the
 *                     benchmark's catch-up over pre-filled topics); false for every deployment
 */
public record JobSettings(String bootstrapServers, Map<String, String> kafkaProperties, DatabaseSettings database,
                          int parallelism, Duration checkpointInterval, StartFrom startFrom,
                          PostgresSinkOptions sinkOptions, FrontStageSettings frontStage, String consumerGroup,
                          LiveStateSettings liveState, boolean stopAtLatest)
        implements Serializable {

    /** Fixed for good: key groups are the unit of rescaling, and a savepoint only restores into the same number. */
    public static final int MAX_PARALLELISM = 128;

    /** The parallelism of {@code bin/aybiza jobs} when none is given. */
    public static final int DEFAULT_PARALLELISM = 2;

    /** Where a start without state begins reading. */
    public record StartFrom(Mode mode, Instant timestamp) implements Serializable {
        public enum Mode { COMMITTED_OR_EARLIEST, EARLIEST, TIMESTAMP }

        public static StartFrom committedOrEarliest() {
            return new StartFrom(Mode.COMMITTED_OR_EARLIEST, null);
        }

        public static StartFrom earliest() {
            return new StartFrom(Mode.EARLIEST, null);
        }

        public static StartFrom timestamp(Instant at) {
            return new StartFrom(Mode.TIMESTAMP, Objects.requireNonNull(at, "timestamp"));
        }

        @Override
        public String toString() {
            return switch (mode) {
                case COMMITTED_OR_EARLIEST -> "the consumer group's committed offsets (earliest where none)";
                case EARLIEST -> "the earliest offsets";
                case TIMESTAMP -> "the first records at or after " + timestamp;
            };
        }
    }

    public JobSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(database, "database");
        kafkaProperties = Map.copyOf(kafkaProperties);
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be between 1 and " + MAX_PARALLELISM + ", got "
                    + parallelism);
        }
        if (checkpointInterval.toMillis() < 100) {
            throw new IllegalArgumentException("checkpoint interval must be at least 100 ms, got " + checkpointInterval);
        }
    }

    public static Builder builder(String bootstrapServers, DatabaseSettings database) {
        return new Builder(bootstrapServers, database);
    }

    /** Sets what the command line gives and keeps the defaults for the rest. */
    public static final class Builder {
        private final String bootstrapServers;
        private final DatabaseSettings database;
        private Map<String, String> kafkaProperties = Map.of();
        private int parallelism = DEFAULT_PARALLELISM;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private StartFrom startFrom = StartFrom.committedOrEarliest();
        private LiveStateSettings liveState;
        private PostgresSinkOptions sinkOptions = PostgresSinkOptions.defaults();
        private IngestSettings ingest = IngestSettings.defaults();
        private ReferenceDataSettings referenceData;
        private String consumerGroup = "aybiza-jobs";
        private boolean stopAtLatest;

        private Builder(String bootstrapServers, DatabaseSettings database) {
            this.bootstrapServers = bootstrapServers;
            this.database = database;
            this.referenceData = ReferenceDataSettings.of(database);
        }

        public Builder kafkaProperties(Map<String, String> properties) {
            this.kafkaProperties = properties;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        public Builder startFrom(StartFrom startFrom) {
            this.startFrom = startFrom;
            return this;
        }

        public Builder sinkOptions(PostgresSinkOptions options) {
            this.sinkOptions = options;
            return this;
        }

        public Builder ingest(IngestSettings ingest) {
            this.ingest = ingest;
            return this;
        }

        public Builder referenceData(ReferenceDataSettings referenceData) {
            this.referenceData = referenceData;
            return this;
        }

        public Builder consumerGroup(String group) {
            this.consumerGroup = group;
            return this;
        }

        /** Writes live call state to DynamoDB as {@code liveState} says; null (the default) leaves it off. */
        public Builder liveState(LiveStateSettings liveState) {
            this.liveState = liveState;
            return this;
        }

        /** Bounded sources: each topic is read up to its offsets at the start, then the job finishes. */
        public Builder stopAtLatest(boolean stopAtLatest) {
            this.stopAtLatest = stopAtLatest;
            return this;
        }

        public JobSettings build() {
            return new JobSettings(bootstrapServers, kafkaProperties, database, parallelism, checkpointInterval,
                    startFrom, sinkOptions, new FrontStageSettings(ingest, referenceData), consumerGroup, liveState,
                    stopAtLatest);
        }
    }
}
