package com.aybiza.cli;

import com.aybiza.events.UsageEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.billing.UsageMeteringWriter;
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.sinks.postgres.CopyText;
import com.aybiza.sinks.postgres.PostgresSink;
import com.aybiza.sinks.postgres.PostgresSinkOptions;
import com.aybiza.sinks.postgres.RefusedRowHandler;
import com.aybiza.sinks.postgres.RowRefusal;
import com.aybiza.sql.DatabaseSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The write path's three figures, each on freshly truncated tables of the same database, with the same rows
 * ({@link BenchRows}): the limit (text COPY straight into usage_metering), the peer (flink-connector-jdbc's JdbcSink as
 * its documentation shows it: batched prepared INSERT ... ON CONFLICT DO NOTHING, batch 5000,
 * reWriteBatchedInserts=true) and ours (PostgresSink with the billing writer, exactly-once effect included: the
 * idempotency table is written too). The two sinks run in the same Flink job shape at the same parallelism.
 */
final class SinkBenchmark {

    private final DatabaseSettings database;
    private final long rows;
    private final int parallelism;
    /** What the limit stored, to check that the sinks stored the same rows (the content, metadata included). */
    private String limitContent;

    SinkBenchmark(DatabaseSettings database, long rows, int parallelism) {
        this.database = database;
        this.rows = rows;
        this.parallelism = parallelism;
    }

    /** text COPY of the prepared rows, 100,000 a statement, each committed. */
    StageFigure limit() throws SQLException {
        truncate();
        List<CopyText> chunks = new ArrayList<>();
        for (long from = 0; from < rows; from += 100_000) {
            CopyText copy = new CopyText(100_000);
            for (long i = from; i < Math.min(rows, from + 100_000); i++) {
                UsageEvent e = BenchRows.event(i);
                copy.uuid(e.getEventId()).text(e.getEventTime().toString()).uuid(e.getOrganizationId())
                        .uuid(e.getTenantId()).text(e.getResourceType()).text(e.getResourceSubtype())
                        .decimal(e.getQuantity()).text(e.getUnit()).decimal(e.getUnitPrice()).decimal(e.getTotalCost())
                        .text(PeerJdbcSink.metadata(e)).text(e.getBillingPeriod().toString()).endRow();
            }
            chunks.add(copy);
        }
        long started = System.nanoTime();
        try (Connection c = database.open()) {
            for (CopyText chunk : chunks) {
                chunk.copyInto(c, "COPY billing.usage_metering (id, \"timestamp\", organization_id, tenant_id, "
                        + "resource_type, resource_subtype, quantity, unit, unit_price, total_cost, metadata, "
                        + "billing_period) FROM STDIN");
            }
        }
        StageFigure figure = new StageFigure("limit", stored(), "rows", StageFigure.seconds(started));
        limitContent = content();
        return figure;
    }

    StageFigure peerSink() throws Exception {
        truncate();
        runPeer(warmUpRows());
        truncate();
        long started = System.nanoTime();
        runPeer(rows);
        StageFigure figure = new StageFigure("peer sink", stored(), "rows", StageFigure.seconds(started));
        checkSameRowsAsTheLimit(figure.stage());
        return figure;
    }

    private void runPeer(long rows) throws Exception {
        StreamExecutionEnvironment env = environment();
        env.fromSequence(0, rows - 1).map(BenchRows::event).returns(new AvroTypeInfo<>(UsageEvent.class))
                .sinkTo(PeerJdbcSink.usageMetering(database)).name("JdbcSink");
        env.execute("bench peer sink");
    }

    StageFigure ourSink() throws Exception {
        truncate();
        writeWithOurSink(0, warmUpRows());
        truncate();
        long started = System.nanoTime();
        writeWithOurSink(0, rows);
        StageFigure figure = new StageFigure("our sink", stored(), "rows", StageFigure.seconds(started));
        checkSameRowsAsTheLimit(figure.stage());
        return figure;
    }

    /**
     * Stage 8: appends rows {@code from} .. {@code from + count - 1} through our sink to what the table holds, without
     * truncating it; the rows/s of this step alone.
     */
    StageFigure appendWithOurSink(long from, long count) throws Exception {
        if (from == 0) {
            truncate();
        }
        long started = System.nanoTime();
        writeWithOurSink(from, count);
        return new StageFigure("growth " + from + ".." + (from + count), count, "rows", StageFigure.seconds(started));
    }

    private void writeWithOurSink(long from, long count) throws Exception {
        DatabaseSettings db = database;
        PostgresSink<EnrichedEvent<UsageEvent>> sink = PostgresSink.<EnrichedEvent<UsageEvent>>builder()
                .name("billing.usage_metering")
                .connections(() -> db.open(Duration.ofSeconds(30)))
                .writer(new UsageMeteringWriter<>())
                .refusedRows(new FailOnRefusal())
                .options(PostgresSinkOptions.defaults())
                .rowsNotKeptUpstream() // as the jobs have it
                .build();
        StreamExecutionEnvironment env = environment();
        TypeInformation<EnrichedEvent<UsageEvent>> type = EnrichedEvent.enrichedTypeInfo(UsageEvent.class);
        env.fromSequence(from, from + count - 1)
                .map(i -> {
                    EnrichedEvent<UsageEvent> e = new EnrichedEvent<>();
                    e.event = BenchRows.event(i);
                    e.source = new RawRecord("aybiza.usage.v1", 0, i, 0L, null, new byte[0]);
                    return e;
                }).returns(type)
                .sinkTo(sink).name("PostgresSink");
        env.execute("bench our sink");
    }

    /**
     * Rows a sink stage writes first, unmeasured, so that its figure is the sink's steady state and not the JIT
     * compiling its code: a tenth of the stage, at most 100,000 rows.
     */
    private long warmUpRows() {
        return Math.min(100_000, Math.max(1, rows / 10));
    }

    private StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        return env;
    }

    private void truncate() throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE billing.usage_metering, billing.usage_idempotency");
            st.execute("CHECKPOINT");
        }
    }

    private long stored() throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM billing.usage_metering")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void checkSameRowsAsTheLimit(String stage) throws SQLException {
        String content = content();
        if (limitContent != null && !limitContent.equals(content)) {
            throw new IllegalStateException("stage '" + stage + "' stored other rows than the limit: " + content
                    + " against " + limitContent + " (count, quantity, cost, metadata hash)");
        }
    }

    /** The table's content in a few figures: row count, sums of the amounts, and a hash sum of every row's metadata. */
    private String content() throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(quantity), sum(total_cost), "
                     + "sum(hashtext(metadata::text)::bigint), sum(hashtext(billing_period::text || resource_type || "
                     + "coalesce(resource_subtype, '') || unit || \"timestamp\"::text)::bigint) "
                     + "FROM billing.usage_metering")) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getBigDecimal(2) + "/" + rs.getBigDecimal(3) + "/" + rs.getLong(4) + "/"
                    + rs.getLong(5);
        }
    }

    /** The benchmark's rows are all valid: a refusal means the benchmark itself is wrong. */
    private static final class FailOnRefusal implements RefusedRowHandler<EnrichedEvent<UsageEvent>> {
        @Override
        public void refused(EnrichedEvent<UsageEvent> row, RowRefusal refusal) {
            throw new IllegalStateException("the benchmark's row " + row.event.getEventId() + " was refused: " + refusal);
        }
    }
}
