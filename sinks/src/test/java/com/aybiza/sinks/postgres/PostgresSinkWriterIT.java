package com.aybiza.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aybiza.sinks.postgres.KeyValueWriter.Row;
import com.aybiza.sinks.postgres.internal.BatchCommitter;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink's writer against a real PostgreSQL: batching, refused rows, a lost connection, a table gone. */
class PostgresSinkWriterIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private DatabaseSettings database;
    private final TestProcessingTimeService time = new TestProcessingTimeService();
    private final CollectingRefusals<Row> refusals = new CollectingRefusals<>();

    @BeforeEach
    void createTable() throws Exception {
        database = POSTGRES.settings(POSTGRES.newDatabase());
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kv (id int PRIMARY KEY, value varchar(10) NOT NULL "
                    + "CONSTRAINT kv_value_not_bad CHECK (value <> 'bad'))");
        }
        time.setCurrentTime(1_000);
    }

    private PostgresSinkWriter<Row> writer(PostgresSinkOptions options) {
        BatchCommitter<Row> committer = new BatchCommitter<>(database::open, new KeyValueWriter(), options, "kv");
        return new PostgresSinkWriter<>(committer, new KeyValueWriter(), refusals, options, time,
                UnaryOperator.identity(), new UnregisteredMetricsGroup());
    }

    @Test
    void commitsAFullBatchAtOnceAndTheRestOnFlush() throws Exception {
        try (PostgresSinkWriter<Row> sink = writer(PostgresSinkOptions.defaults().withBatchSize(3))) {
            for (int i = 1; i <= 4; i++) {
                sink.write(new Row(i, "v" + i), null);
            }
            // The full batch is committed without waiting for a flush (by the writer's committer thread).
            awaitIds(1, 2, 3);
            sink.flush(false);
            assertThat(ids()).containsExactly(1, 2, 3, 4);
            assertThat(refusals.flushes).isEqualTo(1);
        }
    }

    @Test
    void commitsWhenTheOldestRowHasWaitedTheFlushInterval() throws Exception {
        try (PostgresSinkWriter<Row> sink = writer(PostgresSinkOptions.defaults().withFlushInterval(Duration.ofMillis(200)))) {
            sink.write(new Row(1, "a"), null);
            time.setCurrentTime(1_100);
            sink.write(new Row(2, "b"), null);
            assertThat(ids()).isEmpty();
            time.setCurrentTime(1_200);
            awaitIds(1, 2);
            time.setCurrentTime(5_000);
            sink.write(new Row(3, "c"), null);
            time.setCurrentTime(5_199);
            assertThat(ids()).containsExactly(1, 2);
            time.setCurrentTime(5_200);
            awaitIds(1, 2, 3);
        }
    }

    @Test
    void isolatesRowsTheDatabaseRefusesAndWritesTheRest() throws Exception {
        try (PostgresSinkWriter<Row> sink = writer(PostgresSinkOptions.defaults().withBatchSize(100))) {
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                rows.add(new Row(i, i == 7 || i == 31 ? "bad" : i == 20 ? "far too long a value" : "ok"));
            }
            rows.add(new Row(41, "refuse-me"));
            for (Row row : rows) {
                sink.write(row, null);
            }
            sink.flush(false);

            assertThat(ids()).hasSize(37).doesNotContain(7, 20, 31, 41);
            assertThat(refusals.refused).extracting(e -> e.row().id()).containsExactlyInAnyOrder(7, 20, 31, 41);
            assertThat(refusals.refused).filteredOn(e -> e.row().id() == 7).singleElement().satisfies(e -> {
                assertThat(e.refusal().sqlState()).isEqualTo("23514");
                assertThat(e.refusal().constraint()).isEqualTo("kv_value_not_bad");
            });
            assertThat(refusals.refused).filteredOn(e -> e.row().id() == 20).singleElement()
                    .satisfies(e -> assertThat(e.refusal().sqlState()).isEqualTo("22001"));
            assertThat(refusals.refused).filteredOn(e -> e.row().id() == 41).singleElement()
                    .satisfies(e -> assertThat(e.refusal().sqlState()).isNull());
        }
    }

    @Test
    void writesTheBatchAgainOnANewConnectionWhenTheOldOneIsLost() throws Exception {
        PostgresSinkOptions options = PostgresSinkOptions.defaults().withBatchSize(2)
                .withRetry(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30));
        BatchCommitter<Row> committer = new BatchCommitter<>(database::open, new KeyValueWriter(), options, "kv");
        try (PostgresSinkWriter<Row> sink = new PostgresSinkWriter<>(committer, new KeyValueWriter(), refusals,
                options, time, UnaryOperator.identity(), new UnregisteredMetricsGroup())) {
            sink.write(new Row(1, "a"), null);
            sink.write(new Row(2, "b"), null);
            awaitIds(1, 2);
            // The server ends the sink's session, as a restart or a failover would.
            try (Connection c = database.open(); Statement st = c.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
            }
            sink.write(new Row(2, "b"), null);
            sink.write(new Row(3, "c"), null);
            sink.flush(false);
            assertThat(ids()).containsExactly(1, 2, 3);
            assertThat(committer.retries()).isEqualTo(1);
        }
    }

    @Test
    void failsForAnErrorNoRetryCanFix() throws Exception {
        try (PostgresSinkWriter<Row> sink = writer(PostgresSinkOptions.defaults())) {
            try (Connection c = database.open(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE kv");
            }
            sink.write(new Row(1, "a"), null);
            assertThatThrownBy(() -> sink.flush(false)).isInstanceOf(IOException.class)
                    .hasMessageContaining("42P01").hasMessageContaining("no retry can fix");
        }
    }

    /** The committer thread commits a full batch on its own time: wait (at most 10 s) until these are the rows. */
    private void awaitIds(Integer... expected) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ids().equals(List.of(expected)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ids()).containsExactly(expected);
    }

    private List<Integer> ids() throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM kv ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }
}
