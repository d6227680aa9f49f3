package com.aybiza.deploy;

import com.aybiza.generator.EventGenerator;
import com.aybiza.generator.GeneratorSettings;
import com.aybiza.generator.Ledger;
import com.aybiza.sql.DatabaseSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The project's generator playing the voice edge on a thread of its own, as {@code bin/aybiza local} runs it: started
 * once the topics and reference data exist, and stopped when the test has done what must happen under traffic. A
 * stopped run's ledger says exactly what was written, so reconcile holds the jobs to it. One run for the whole test:
 * reconcile counts dead letters and tenant-less security events by time, so two runs must not overlap.
 */
final class VoiceEdgeTraffic {

    private static final Duration AT_MOST = Duration.ofMinutes(15);

    private final GeneratorSettings settings;
    private final EventGenerator generator;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private CompletableFuture<Ledger> ledger;

    private VoiceEdgeTraffic(GeneratorSettings settings) {
        this.settings = settings;
        this.generator = new EventGenerator(settings, new PrintWriter(new StringWriter()));
    }

    /** Creates the topics and writes the reference data of {@code seed}'s tenants and agents. */
    static VoiceEdgeTraffic prepare(String bootstrapServers, DatabaseSettings database, long seed, double rate)
            throws Exception {
        GeneratorSettings settings = new GeneratorSettings(bootstrapServers, OptionalDouble.of(rate), AT_MOST,
                3, 6, seed, 0.01, Instant.now().truncatedTo(ChronoUnit.SECONDS), 15, Optional.empty(),
                Optional.of(database), AT_MOST);
        VoiceEdgeTraffic traffic = new VoiceEdgeTraffic(settings);
        traffic.generator.prepare();
        return traffic;
    }

    void start() {
        ledger = CompletableFuture.supplyAsync(() -> {
            try {
                return generator.traffic(stopRequested::get);
            } catch (Exception e) {
                throw new IllegalStateException("the generator stopped: " + e.getMessage(), e);
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "voice-edge-traffic");
            thread.setDaemon(true);
            thread.start();
        });
    }

    long recordsWritten() {
        return generator.recordsWritten();
    }

    boolean running() {
        return ledger != null && !ledger.isDone();
    }

    /** Stops the traffic and writes its ledger to {@code file}. */
    Path stopAndWriteLedger(Path file) throws Exception {
        stopRequested.set(true);
        try {
            ledger.get(1, TimeUnit.MINUTES).writeJson(file, settings);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return file;
    }
}
