package com.aybiza.cli;

import com.aybiza.sql.DatabaseSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one run of {@code bin/aybiza local} is told, checked once here: the command line fills it in through
 * {@link Builder}, and every part of the local platform takes what it needs from it.
 *
 * <p>An empty {@code database}, {@code bootstrapServers} or {@code dynamodbEndpoint} means "start our own";
 * an empty {@code duration} means "until Ctrl-C".
 */
record LocalSettings(Path dataDir, boolean clean, double rate, Optional<Duration> duration, int webUiPort,
                     Optional<DatabaseSettings> database, Optional<String> bootstrapServers,
                     Optional<URI> dynamodbEndpoint, int parallelism, double badRatio, long seed, int tenants,
                     int agents, Duration checkpointInterval, Duration refreshInterval, Duration statusInterval,
                     Duration catchUpTimeout) {

    LocalSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        require(rate > 0, "--rate must be a positive number of events per second, got " + rate);
        require(duration.isEmpty() || !duration.get().isNegative() && !duration.get().isZero(),
                "--duration must be positive");
        require(webUiPort > 0 && webUiPort <= 65_535, "--web-ui-port must be 1-65535, got " + webUiPort);
        require(parallelism >= 1, "--parallelism must be at least 1, got " + parallelism);
        require(badRatio >= 0 && badRatio < 1, "--bad-ratio must be in [0, 1), got " + badRatio);
        require(!refreshInterval.isNegative() && !refreshInterval.isZero(), "--refresh-interval must be positive");
    }

    static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** The defaults of a first look at the product: modest traffic, one subtask per operator, fresh aggregates. */
    static final class Builder {
        private final Path dataDir;
        private boolean clean;
        private double rate = 100;
        private Duration duration;
        private int webUiPort = 8081;
        private DatabaseSettings database;
        private String bootstrapServers;
        private URI dynamodbEndpoint;
        private int parallelism = 1;
        private double badRatio = 0.01;
        private long seed = 42;
        private int tenants = 5;
        private int agents = 20;
        private Duration checkpointInterval = Duration.ofSeconds(5);
        private Duration refreshInterval = Duration.ofSeconds(30);
        private Duration statusInterval = Duration.ofSeconds(2);
        private Duration catchUpTimeout = Duration.ofMinutes(3);

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        Builder clean(boolean clean) {
            this.clean = clean;
            return this;
        }

        Builder rate(double rate) {
            this.rate = rate;
            return this;
        }

        Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        Builder webUiPort(int port) {
            this.webUiPort = port;
            return this;
        }

        Builder database(DatabaseSettings database) {
            this.database = database;
            return this;
        }

        Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers == null || bootstrapServers.isBlank() ? null
                    : bootstrapServers.trim();
            return this;
        }

        Builder dynamodbEndpoint(URI endpoint) {
            this.dynamodbEndpoint = endpoint;
            return this;
        }

        Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        Builder badRatio(double badRatio) {
            this.badRatio = badRatio;
            return this;
        }

        Builder refreshInterval(Duration interval) {
            this.refreshInterval = interval;
            return this;
        }

        LocalSettings build() {
            return new LocalSettings(dataDir.toAbsolutePath().normalize(), clean, rate, Optional.ofNullable(duration),
                    webUiPort, Optional.ofNullable(database), Optional.ofNullable(bootstrapServers),
                    Optional.ofNullable(dynamodbEndpoint), parallelism, badRatio, seed, tenants, agents,
                    checkpointInterval, refreshInterval, statusInterval, catchUpTimeout);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
