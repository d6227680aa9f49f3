package com.aybiza.sinks.postgres;

import com.aybiza.sinks.postgres.internal.BatchCommitter;
import com.aybiza.sinks.postgres.internal.Refused;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * it is committed, and a commit that fails for good fails the checkpoint. Writing happens in the task's own thread:
 * a slow database holds the task back (back-pressure) instead of filling the heap, which holds at most one batch.
 */
public final class PostgresSinkWriter<T> implements SinkWriter<T> {

    private final BatchCommitter<T> committer;
    private final TableWriter<T> writer;
    private final RefusedRowHandler<T> refusedRows;
    private final PostgresSinkOptions options;
    private final ProcessingTimeService time;
    private final UnaryOperator<T> copier;
    private final Metrics metrics;
    private List<T> buffer;
    private long bufferStartedAt;
    private boolean timerSet;

    /**
     * @param copier copies an input row before it is buffered: Flink may reuse an input object once {@code write}
     *               returns when object reuse is on; the identity when it is off
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

    private void commitBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<T> batch = buffer;
        buffer = new ArrayList<>(options.batchSize());
        long started = System.nanoTime();
        List<Refused<T>> refused = committer.commit(batch);
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
        metrics.batchCommitted(batch, refused.size(), (System.nanoTime() - started) / 1_000_000, committedAt);
    }

    @Override
    public void close() throws Exception {
        try {
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
