package com.aybiza.cli;

import com.aybiza.events.EventCodec;
import com.aybiza.events.EventTopic;
import com.aybiza.events.UsageEvent;
import com.aybiza.sql.DatabaseSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Stage 4, the peer pipeline: what a user writes from the documentation to put the usage topic into
 * billing.usage_metering. A KafkaSource with a value-only deserializer that decodes each record into the generated
 * class (the records are Avro single-object encoded, so through the contract's codec, as the generated class's own
 * decoder would), then the stock JdbcSink ({@link PeerJdbcSink}). No validation, enrichment, de-duplication or
 * dead letters: that is the point of comparison. Bounded at the topic's latest offsets, so the job ends once it has
 * read the pre-filled topic; timed from submission to the end (every batch committed), rows counted in the table.
 */
final class PeerPipelineBenchmark {

    private final String bootstrapServers;
    private final DatabaseSettings database;
    private final int parallelism;

    PeerPipelineBenchmark(String bootstrapServers, DatabaseSettings database, int parallelism) {
        this.bootstrapServers = bootstrapServers;
        this.database = database;
        this.parallelism = parallelism;
    }

    /** Events/s over the usage topic's {@code events} records. */
    StageFigure run(long events) throws Exception {
        truncate();
        KafkaSource<UsageEvent> source = KafkaSource.<UsageEvent>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(EventTopic.USAGE.topicName())
                .setGroupId("aybiza-bench-peer")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new UsageEventDeserializer())
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "usage topic")
                .sinkTo(PeerJdbcSink.usageMetering(database)).name("JdbcSink");
        long started = System.nanoTime();
        env.execute("bench peer pipeline");
        double seconds = StageFigure.seconds(started);
        long rows = stored();
        // A row per record, but for a producer's exact retry, which ON CONFLICT DO NOTHING drops: never more.
        if (rows == 0 || rows > events) {
            throw new IllegalStateException("the peer pipeline stored " + rows + " rows from the " + events
                    + " records of the usage topic");
        }
        return new StageFigure("peer pipeline", events, "events", seconds);
    }

    private void truncate() throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE billing.usage_metering, billing.usage_idempotency");
        }
    }

    private long stored() throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM billing.usage_metering")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The generated class from the record's bytes, as a documentation-style job decodes them. */
    static final class UsageEventDeserializer extends AbstractDeserializationSchema<UsageEvent> {
        private transient EventCodec<UsageEvent> codec;

        @Override
        public void open(InitializationContext context) {
            codec = EventCodec.currentSchemaOnly(UsageEvent.class);
        }

        @Override
        public UsageEvent deserialize(byte[] message) throws IOException {
            return codec.decode(message);
        }

        @Override
        public TypeInformation<UsageEvent> getProducedType() {
            return new AvroTypeInfo<>(UsageEvent.class);
        }
    }
}
