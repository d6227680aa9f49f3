package com.aybiza.sinks.postgres;

import com.aybiza.sinks.postgres.internal.BatchCommitter;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A PostgreSQL sink on Flink's Sink V2 API, generic over the row it writes: rows are batched and each batch is
 * committed in one transaction by a {@link TableWriter}, with refused rows handed to a {@link RefusedRowHandler}.
 *
 * <p>Delivery is at least once (every row before a checkpoint is committed before the checkpoint completes); the
 * table writers make rows idempotent, so the effect is exactly once. Build it with {@link #builder()}.
 */
public final class PostgresSink<T> implements Sink<T> {

    private final String name;
    private final ConnectionProvider connections;
    private final TableWriter<T> writer;
    private final RefusedRowHandler<T> refusedRows;
    private final PostgresSinkOptions options;
    private final boolean rowsKeptUpstream;

    private PostgresSink(Builder<T> b) {
        this.name = b.name;
        this.connections = b.connections;
        this.writer = b.writer;
        this.refusedRows = b.refusedRows;
        this.options = b.options;
        this.rowsKeptUpstream = b.rowsKeptUpstream;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** Flink 1.20 calls {@link #createWriter(WriterInitContext)}; this older entry point is not supported. */
    @Override
    @Deprecated
    public SinkWriter<T> createWriter(InitContext context) {
        throw new UnsupportedOperationException("PostgresSink needs Flink's WriterInitContext (Flink 1.19 or later)");
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        UnaryOperator<T> copier = rowCopier(context.isObjectReuseEnabled(), rowsKeptUpstream,
                context::createInputSerializer);
        try {
            refusedRows.open(context.getTaskInfo().getIndexOfThisSubtask());
        } catch (Exception e) {
            throw new IOException(name + ": could not open the handler of refused rows", e);
        }
        BatchCommitter<T> committer = new BatchCommitter<>(connections, writer, options,
                name + " (subtask " + context.getTaskInfo().getIndexOfThisSubtask() + ")");
        return new PostgresSinkWriter<>(committer, writer, refusedRows, options, context.getProcessingTimeService(),
                copier, context.metricGroup());
    }

    /**
     * How a row is kept until its batch commits: as it is, unless object reuse is on and the operator before the sink
     * may change or reuse a row object after passing it on; then as a copy made by the row type's serializer.
     */
    static <T> UnaryOperator<T> rowCopier(boolean objectReuse, boolean rowsKeptUpstream,
                                          Supplier<TypeSerializer<T>> serializer) {
        if (!objectReuse || !rowsKeptUpstream) {
            return UnaryOperator.identity();
        }
        TypeSerializer<T> s = serializer.get();
        return s::copy;
    }

    /** Checks every setting once, before the job is submitted. */
    public static final class Builder<T> {
        private String name = "postgres";
        private ConnectionProvider connections;
        private TableWriter<T> writer;
        private RefusedRowHandler<T> refusedRows;
        private PostgresSinkOptions options = PostgresSinkOptions.defaults();
        private boolean rowsKeptUpstream = true;

        /** Names the sink in log lines and errors, e.g. the table it writes. */
        public Builder<T> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder<T> connections(ConnectionProvider connections) {
            this.connections = connections;
            return this;
        }

        public Builder<T> writer(TableWriter<T> writer) {
            this.writer = writer;
            return this;
        }

        public Builder<T> refusedRows(RefusedRowHandler<T> refusedRows) {
            this.refusedRows = refusedRows;
            return this;
        }

        public Builder<T> options(PostgresSinkOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Declares that the operator before the sink lets go of each row object it passes on: it never changes it or
         * hands it on again afterwards (true of every operator of the jobs, which emit objects they made, received or
         * took out of state). The sink then buffers rows as they are even with object reuse on, instead of copying
         * each with its type's serializer: for Avro events that deep copy cost the jobs a tenth of their CPU. Without
         * this declaration the sink copies, which is always safe.
         */
        public Builder<T> rowsNotKeptUpstream() {
            this.rowsKeptUpstream = false;
            return this;
        }

        public PostgresSink<T> build() {
            if (connections == null) {
                throw new IllegalStateException(name + ": no connection provider; call connections(...)");
            }
            if (writer == null) {
                throw new IllegalStateException(name + ": no table writer; call writer(...)");
            }
            if (refusedRows == null) {
                throw new IllegalStateException(name + ": no handler for refused rows; call refusedRows(...): "
                        + "a refused row must go somewhere visible, never be dropped");
            }
            return new PostgresSink<>(this);
        }
    }
}
