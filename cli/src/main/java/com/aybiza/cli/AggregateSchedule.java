package com.aybiza.cli;

import com.aybiza.sql.AggregateRefresher;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the BI aggregate views fresh while the local platform runs: on plain PostgreSQL they are materialized views,
 * which only a REFRESH brings up to date, so {@link AggregateRefresher} runs on a fixed delay (CONCURRENTLY, readers
 * are never blocked). On TimescaleDB the same call also refreshes the continuous aggregates, whose policies would
 * otherwise lag by their schedule.
 */
final class AggregateSchedule implements AutoCloseable {

    private final AggregateRefresher refresher;
    private final ScheduledExecutorService executor;
    private final AtomicReference<String> lastFailure = new AtomicReference<>();

    AggregateSchedule(AggregateRefresher refresher, Duration interval) {
        this.refresher = refresher;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "aggregate-refresh");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::refreshQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Refreshes now, on the caller's thread; a failure is the caller's to report. */
    void refreshNow() throws Exception {
        refresher.refreshAll();
    }

    /** The last scheduled refresh's failure, if the latest one failed (for the status line). */
    String lastFailure() {
        return lastFailure.get();
    }

    private void refreshQuietly() {
        try {
            refresher.refreshAll();
            lastFailure.set(null);
        } catch (Exception e) {
            lastFailure.set(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
