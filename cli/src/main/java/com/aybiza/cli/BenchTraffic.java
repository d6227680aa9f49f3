package com.aybiza.cli;

import com.aybiza.generator.EventGenerator;
import com.aybiza.generator.GeneratorSettings;
import com.aybiza.generator.Ledger;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bench's traffic, from the project's generator: the pre-filled topics every pipeline stage reads (a fixed seed,
 * as fast as the broker takes them, with a ledger to reconcile against) and the fixed-rate traffic the latency is
 * measured under (another seed, so that its event ids are new to the idempotent writers).
 */
final class BenchTraffic {

    static final long SEED = 42;
    private static final int TENANTS = 20;
    private static final int AGENTS = 100;
    private static final Duration NO_LIMIT = Duration.ofDays(1);

    /** What the pre-fill wrote: the ledger as reconcile reads it, and how many records of each topic. */
    record Prefill(JsonNode ledger, long records, double seconds) {
        long records(String topic) {
            return ledger.path("topics").path(topic).path("total").asLong();
        }
    }

    private final String bootstrapServers;
    private final DatabaseSettings database;

    BenchTraffic(String bootstrapServers, DatabaseSettings database) {
        this.bootstrapServers = bootstrapServers;
        this.database = database;
    }

    /**
     * Writes the reference data and {@code events} records over every topic, as fast as the broker takes them. Event
     * time is laid out at {@link #density} events/s and lies wholly in the past (no event is ahead of its arrival),
     * so the jobs judge the records as a catch-up after an outage.
     */
    Prefill prefill(long events, Path ledgerFile) throws Exception {
        double density = density(events);
        Duration eventTime = Duration.ofSeconds((long) Math.ceil(events / density) + 1);
        Instant start = Instant.now().minus(eventTime).minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        // Twice the event time: the run stops at the count, which the ledger says exactly, not at the duration.
        GeneratorSettings settings = new GeneratorSettings(bootstrapServers, OptionalDouble.of(density),
                eventTime.multipliedBy(2), TENANTS, AGENTS, SEED, 0, start, 60, Optional.empty(), Optional.of(database),
                NO_LIMIT);
        AtomicReference<EventGenerator> generator = new AtomicReference<>();
        generator.set(EventGenerator.unpaced(settings, quiet()));
        generator.get().prepare();
        long started = System.nanoTime();
        Ledger ledger = generator.get().traffic(() -> generator.get().recordsWritten() >= events);
        double seconds = (System.nanoTime() - started) / 1e9;
        ledger.writeJson(ledgerFile, settings);
        return new Prefill(new ObjectMapper().readTree(ledgerFile.toFile()), ledger.total(), seconds);
    }

    /**
     * Events per second of event time: a hundredth of the records, within 1,000 to 10,000 (a busy platform's day
     * rather than a burst). The generator simulates a warm-up of 210 s at this density before the first record, so a
     * denser layout costs seconds of start-up for nothing.
     */
    static double density(long events) {
        return Math.max(1_000, Math.min(10_000, events / 100.0));
    }

    /** Writes the reference data of the fixed-rate traffic: before the jobs start, so that they know its tenants. */
    void prepareAtRate() throws Exception {
        new EventGenerator(atRateSettings(1, Duration.ofSeconds(1)), quiet()).prepare();
    }

    /**
     * Writes {@code rate} events/s for {@code duration}, starting now: event time and wall time run together, so the
     * lag from an event's time to its row is the pipeline's and not the generator's. Returns the records written.
     */
    long atRate(double rate, Duration duration) throws Exception {
        return new EventGenerator(atRateSettings(rate, duration), quiet()).traffic(() -> false).total();
    }

    private GeneratorSettings atRateSettings(double rate, Duration duration) {
        return new GeneratorSettings(bootstrapServers, OptionalDouble.of(rate), duration, TENANTS, AGENTS, SEED + 1, 0,
                Instant.now(), 60, Optional.empty(), Optional.of(database), NO_LIMIT);
    }

    /** The generator's progress lines are no part of the bench's output. */
    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
