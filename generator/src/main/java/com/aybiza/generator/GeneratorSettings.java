package com.aybiza.generator;

import com.aybiza.sql.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything one generator run is told. Same settings (seed, start, tenants, agents, rate) give the same events,
 * byte for byte; only how fast they leave depends on the broker.
 *
 * @param rate events per second to hold, or empty for as fast as the broker takes them
 * @param start the event time the simulation starts at
 * @param meanCallSeconds mean talk time of an answered call (exponential, clipped to [5 s, 10 min])
 * @param kafkaProperties Kafka client settings (security.protocol, SASL, trust store) for every client the run makes
 */
public record GeneratorSettings(
        String bootstrapServers,
        OptionalDouble rate,
        Duration duration,
        int tenants,
        int agents,
        long seed,
        double badRatio,
        Instant start,
        double meanCallSeconds,
        Optional<Path> ledgerFile,
        Optional<DatabaseSettings> database,
        Duration progressInterval,
        Map<String, String> kafkaProperties) {

    /**
     * With --rate max, simulated time advances as if events came at this rate (dense, realistic timestamps). As no
     * event leaves before the wall clock reaches its event time, this is also the most --rate max writes per second.
     */
    static final double NOMINAL_MAX_RATE = 100_000;

    /** Settings for a cluster that needs no client settings beyond its address (no TLS, no SASL). */
    public GeneratorSettings(String bootstrapServers, OptionalDouble rate, Duration duration, int tenants, int agents,
                             long seed, double badRatio, Instant start, double meanCallSeconds,
                             Optional<Path> ledgerFile, Optional<DatabaseSettings> database,
                             Duration progressInterval) {
        this(bootstrapServers, rate, duration, tenants, agents, seed, badRatio, start, meanCallSeconds, ledgerFile,
                database, progressInterval, Map.of());
    }

    /** The same run, with these Kafka client settings (from --kafka-properties) for its producer and admin client. */
    public GeneratorSettings withKafkaProperties(Map<String, String> properties) {
        return new GeneratorSettings(bootstrapServers, rate, duration, tenants, agents, seed, badRatio, start,
                meanCallSeconds, ledgerFile, database, progressInterval, properties);
    }

    public GeneratorSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(ledgerFile, "ledgerFile");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(progressInterval, "progressInterval");
        kafkaProperties = Map.copyOf(Objects.requireNonNull(kafkaProperties, "kafkaProperties"));
        require(rate.isEmpty() || rate.getAsDouble() > 0, "--rate must be a positive number of events per second or 'max'");
        require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
        require(tenants >= 1, "--tenants must be at least 1");
        require(agents >= tenants, "--agents must be at least --tenants (every tenant has an agent)");
        require(badRatio >= 0 && badRatio < 1, "--bad-ratio must be in [0, 1)");
        require(meanCallSeconds >= 5, "the mean call length must be at least 5 s");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
