package com.aybiza.jobs;

import com.aybiza.generator.EventGenerator;
import com.aybiza.generator.GeneratorSettings;
import com.aybiza.sql.DatabaseSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Generator traffic as the jobs' ITs feed it: one run written twice with the same seed and start, as a producer that
 * retried everything would, with the reference data it invented in the database. Returns the run's ledger.
 */
public final class GeneratedTraffic {

    /** What the run writes: events per second over {@code duration} of event time, and how many are malformed. */
    public record Traffic(double rate, Duration duration, int tenants, int agents, long seed, double badRatio) {
    }

    private GeneratedTraffic() {
    }

    /** An event-time start {@code minutes} before now, whole seconds: traffic of the present, judged as such. */
    public static Instant minutesAgo(int minutes) {
        return Instant.now().minus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.SECONDS);
    }

    public static JsonNode writeTwice(String bootstrapServers, DatabaseSettings database, Path ledgerFile,
                                      Instant start, Traffic traffic) throws Exception {
        GeneratorSettings settings = new GeneratorSettings(bootstrapServers, OptionalDouble.of(traffic.rate()),
                traffic.duration(), traffic.tenants(), traffic.agents(), traffic.seed(), traffic.badRatio(), start, 20,
                Optional.empty(), Optional.of(database), EventGenerator.defaultProgressInterval());
        new EventGenerator(settings, new PrintWriter(new StringWriter())).run().writeJson(ledgerFile, settings);
        new EventGenerator(settings, new PrintWriter(new StringWriter())).run();
        return new ObjectMapper().readTree(ledgerFile.toFile());
    }
}
