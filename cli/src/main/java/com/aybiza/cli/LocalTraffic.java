package com.aybiza.cli;

import com.aybiza.generator.EventGenerator;
import com.aybiza.generator.GeneratorSettings;
import com.aybiza.generator.Ledger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The generator playing the voice edge beside the jobs, on a thread of its own, until its duration is covered or it
 * is told to stop; either way its ledger says exactly what it wrote, and is written to a file for reconcile.
 */
final class LocalTraffic {

    private final EventGenerator generator;
    private final GeneratorSettings settings;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CompletableFuture<Ledger> ledger;

    private LocalTraffic(EventGenerator generator, GeneratorSettings settings) {
        this.generator = generator;
        this.settings = settings;
        this.ledger = CompletableFuture.supplyAsync(this::run, runnable -> {
            Thread thread = new Thread(runnable, "local-traffic");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Starts writing traffic now. {@code generator} must have been prepared (topics, reference data). */
    static LocalTraffic start(EventGenerator generator, GeneratorSettings settings) {
        return new LocalTraffic(generator, settings);
    }

    private Ledger run() {
        try {
            return generator.traffic(stopRequested::get);
        } catch (Exception e) {
            throw new IllegalStateException("the generator stopped: " + e.getMessage(), e);
        }
    }

    long recordsWritten() {
        return generator.recordsWritten();
    }

    /** Whether the run has ended by itself: its duration is covered (or it failed). */
    boolean finished() {
        return ledger.isDone();
    }

    /** Stops the traffic (if still running), writes the ledger to {@code file} and returns it. */
    Path stopAndWriteLedger(Path file, Duration timeout) throws Exception {
        stopRequested.set(true);
        Ledger written;
        try {
            written = ledger.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        written.writeJson(file, settings);
        return file;
    }
}
