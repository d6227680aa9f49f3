package com.aybiza.sinks.postgres;

import com.aybiza.sinks.postgres.internal.BatchCommitter;
import com.aybiza.sinks.postgres.internal.Refused;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Buffers rows and commits them in batches: when the buffer holds a batch, when its oldest row has waited the flush
 * interval, and when Flink flushes before a checkpoint barrier, so a checkpoint completes only after every row before
 * it is committed, and a commit that fails for good fails the checkpoint.
 *
 * <p>A full batch is committed by a thread of the writer's own while the task goes on filling the next one, so the
 * task's work (decoding, the front stage) and the database's overlap. At most one batch is in flight: the next full
 * one waits for it, so a slow database holds the task back (back-pressure) and the heap holds at most two batches.
 * Refused rows and metrics are handled in the task's thread, once their batch has committed.
 */
public final class PostgresSinkWriter<T> implements SinkWriter<T> {

    private final BatchCommitter<T> committer;
    private final TableWriter<T> writer;
    private final RefusedRowHandler<T> refusedRows;
    private final PostgresSinkOptions options;
    private final ProcessingTimeService time;
    private final UnaryOperator<T> copier;
    private final Metrics metrics;
    private final ExecutorService committerThread;
    private List<T> buffer;
    private long bufferStartedAt;
    private boolean timerSet;
    /** The batch being committed, if any, and when its commit began. */
    private Future<List<Refused<T>>> inFlight;
    private List<T> inFlightBatch;
    private long inFlightStartedNanos;

    /**
     * @param copier copies an input row before it is buffered, when Flink may reuse an input object once
     *               {@code write} returns (object reuse on, and the operator before may keep its rows); the identity
     *               otherwise ({@link PostgresSink#rowCopier})
     */
    public PostgresSinkWriter(BatchCommitter<T> committer, TableWriter<T> writer, RefusedRowHandler<T> refusedRows,
                              PostgresSinkOptions options, ProcessingTimeService time, UnaryOperator<T> copier,
                              MetricGroup metricGroup) {
        this.committer = committer;
        this.writer = writer;
        this.refusedRows = refusedRows;
        this.options = options;
        this.time = time;
        this.copier = copier;
        this.metrics = new Metrics(metricGroup, committer);
        this.buffer = new ArrayList<>(options.batchSize());
        this.committerThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "postgres-sink-committer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void write(T row, Context context) throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            bufferStartedAt = time.getCurrentProcessingTime();
            armTimer(bufferStartedAt + options.flushInterval().toMillis());
        }
        buffer.add(copier.apply(row));
        if (buffer.size() >= options.batchSize()) {
            commitBuffer();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        commitBuffer();
        awaitInFlight();
        try {
            refusedRows.flush();
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("could not hand on refused rows", e);
        }
    }

    private void armTimer(long at) {
        if (!timerSet) {
            timerSet = true;
            time.registerTimer(at, this::onTimer);
        }
    }

    private void onTimer(long now) throws IOException, InterruptedException {
        timerSet = false;
        if (buffer.isEmpty()) {
            return;
        }
        long due = bufferStartedAt + options.flushInterval().toMillis();
        if (now >= due) {
            commitBuffer();
        } else {
            armTimer(due);
        }
    }

    /** Hands the buffer to the committer thread, once the batch before it has committed. */
    private void commitBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        awaitInFlight();
        List<T> batch = buffer;
        buffer = new ArrayList<>(options.batchSize());
        inFlightBatch = batch;
        inFlightStartedNanos = System.nanoTime();
        inFlight = committerThread.submit(() -> committer.commit(batch));
    }

    /** Waits for the batch in flight; hands on its refused rows and counts it. */
    private void awaitInFlight() throws IOException, InterruptedException {
        if (inFlight == null) {
            return;
        }
        List<Refused<T>> refused;
        try {
            refused = inFlight.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IOException("committing a batch failed: " + cause, cause);
        } finally {
            inFlight = null;
        }
        long committedAt = System.currentTimeMillis();
        for (Refused<T> r : refused) {
            try {
                refusedRows.refused(r.row(), r.refusal());
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("could not hand on a refused row: " + r.refusal(), e);
            }
        }
        metrics.batchCommitted(inFlightBatch, refused.size(), (System.nanoTime() - inFlightStartedNanos) / 1_000_000,
                committedAt);
        inFlightBatch = null;
    }

    @Override
    public void close() throws Exception {
        try {
            // A batch still in flight belongs to no checkpoint: its rows come again after a restore.
            committerThread.shutdownNow();
            committerThread.awaitTermination(30, TimeUnit.SECONDS);
            committer.close();
        } finally {
            refusedRows.close();
        }
    }

    /** What the Flink dashboard shows of this sink. */
    private final class Metrics {
        private final Counter rowsWritten;
        private final Counter rowsRefused;
        private final Histogram batchSize;
        private final Histogram flushMillis;
        private final Histogram eventToCommitMillis;

        Metrics(MetricGroup group, BatchCommitter<T> committer) {
            rowsWritten = group.counter("rowsWritten");
            rowsRefused = group.counter("rowsRefused");
            batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
            flushMillis = group.histogram("flushMillis", new DescriptiveStatisticsHistogram(1000));
            eventToCommitMillis = group.histogram("eventToCommitLagMillis", new DescriptiveStatisticsHistogram(10_000));
            group.gauge("retries", committer::retries);
        }

        void batchCommitted(List<T> batch, int refused, long millis, long committedAt) {
            rowsWritten.inc(batch.size() - refused);
            rowsRefused.inc(refused);
            batchSize.update(batch.size());
            flushMillis.update(millis);
            // Sampled: the lag of every 16th row tells the distribution as well as every row does, at 1/16 the cost.
            for (int i = 0; i < batch.size(); i += 16) {
                long eventTime = writer.eventTimeMillis(batch.get(i));
                if (eventTime >= 0) {
                    eventToCommitMillis.update(Math.max(0, committedAt - eventTime));
                }
            }
        }
    }
}
