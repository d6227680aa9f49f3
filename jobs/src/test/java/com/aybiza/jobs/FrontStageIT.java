package com.aybiza.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventCodec;
import com.aybiza.events.EventTopic;
import com.aybiza.jobs.enrich.ReferenceDataSettings;
import com.aybiza.jobs.ingest.ContractFields;
import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.IngestKafka;
import com.aybiza.jobs.ingest.IngestSettings;
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole front stage (decode, validate, enrich, drop duplicates) on Flink's MiniCluster, fed by the generator
 * through a real Kafka broker, with its reference data in a real PostgreSQL. The generator runs twice with the same
 * seed and start, as a producer that retried everything would. Every record of the two runs comes out once, or is
 * dropped as an exact duplicate, or is dead-lettered with the stage that refused it: exactly one copy of each valid
 * event comes out, and nothing else; the dead letters are the ledger's undecodable kinds (decode), its far-future kind
 * (validate) and its unknown-tenant kind (enrich), twice each (enrichment runs before de-duplication, so a refused
 * event leaves no seen id behind); each holds the bytes found at its offset.
 * Generic (Kryo) types are switched off, so every type on the way has a real serializer.
 */
class FrontStageIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** The malformed kinds the decoder must catch. */
    private static final List<String> UNDECODABLE =
            List.of("random_bytes", "truncated_avro", "unknown_schema_fingerprint", "enum_outside_check_list");

    @TempDir
    Path tmp;

    @Test
    void everyRecordComesOutOnceIsDroppedAsADuplicateOrIsDeadLetteredWithItsStage() throws Exception {
        DatabaseSettings database = POSTGRES.settings(POSTGRES.newDatabase());
        new SchemaMigrator(database).migrate();
        // Traffic of the present, so that only the far-future kind is ahead of the job's clock.
        JsonNode ledger = GeneratedTraffic.writeTwice(KAFKA.bootstrapServers(), database, tmp.resolve("ledger.json"),
                GeneratedTraffic.minutesAgo(1), new GeneratedTraffic.Traffic(3000, Duration.ofSeconds(3), 3, 6, 7, 0.05));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.getConfig().disableGenericTypes();
        DataStream<String> passedIds = null;
        DataStream<DeadLetter> deadLetters = null;
        for (EventTopic topic : EventTopic.values()) {
            DataStream<RawRecord> raw = env.fromSource(
                    IngestKafka.source(KAFKA.bootstrapServers(), topic.topicName(), "event-ingest-it")
                            .setBounded(OffsetsInitializer.latest()).build(),
                    WatermarkStrategy.noWatermarks(), topic.topicName());
            PreparedEvents<SpecificRecordBase> prepared = FrontStage.prepare(raw, eventType(topic),
                    new FrontStageSettings(IngestSettings.defaults(), ReferenceDataSettings.of(database)));
            DataStream<String> ids = prepared.events()
                    .map(e -> e.source.topic + " " + ContractFields.scopeKey(e.event) + " " + ContractFields.eventId(e.event))
                    .returns(Types.STRING);
            passedIds = passedIds == null ? ids : passedIds.union(ids);
            deadLetters = deadLetters == null ? prepared.deadLetters() : deadLetters.union(prepared.deadLetters());
        }
        deadLetters.sinkTo(IngestKafka.deadLetterSink(KAFKA.bootstrapServers()));

        List<String> passed = new ArrayList<>();
        try (CloseableIterator<String> it = passedIds.executeAndCollect("front stage")) {
            it.forEachRemaining(passed::add);
        }
        assertThat(passed).doesNotHaveDuplicates();

        long undecodable = UNDECODABLE.stream().mapToLong(kind -> ledger.at("/malformed/" + kind).asLong()).sum();
        UNDECODABLE.forEach(kind -> assertThat(ledger.at("/malformed/" + kind).asLong()).as(kind).isPositive());
        long farFuture = ledger.at("/malformed/far_future").asLong();
        long unknownTenant = ledger.at("/malformed/unknown_tenant").asLong();
        assertThat(farFuture).isPositive();
        assertThat(unknownTenant).isPositive();

        EventCodec<DeadLetter> codec = EventCodec.forType(DeadLetter.class);
        Map<String, Long> lettersPerStage = new TreeMap<>();
        long valid = 0;
        for (EventTopic topic : EventTopic.values()) {
            Map<Long, byte[]> source = readAll(topic.topicName()).stream()
                    .collect(Collectors.toMap(r -> key(r.partition(), r.offset()), ConsumerRecord::value, (a, b) -> a, HashMap::new));
            assertThat(source).as(topic.topicName()).hasSize(2 * ledger.at("/topics/" + topic.topicName() + "/total").asInt());
            List<DeadLetter> letters = readAll(topic.deadLetterTopicName()).stream()
                    .map(r -> codec.decode(r.value())).toList();
            assertThat(letters).extracting(l -> key(l.getSourcePartition(), l.getSourceOffset())).doesNotHaveDuplicates();
            for (DeadLetter letter : letters) {
                assertThat(letter.getSourceTopic().toString()).isEqualTo(topic.topicName());
                assertThat(letter.getOriginalValue())
                        .isEqualTo(ByteBuffer.wrap(source.get(key(letter.getSourcePartition(), letter.getSourceOffset()))));
                lettersPerStage.merge(letter.getFailedStage().toString(), 1L, Long::sum);
            }
            long topicValid = ledger.at("/topics/" + topic.topicName() + "/valid").asLong();
            assertThat(passed.stream().filter(p -> p.startsWith(topic.topicName() + " "))).as(topic.topicName())
                    .hasSize((int) topicValid);
            valid += topicValid;
        }
        assertThat(lettersPerStage).containsExactlyInAnyOrderEntriesOf(Map.of(
                DeadLetters.DESERIALIZE, 2 * undecodable, DeadLetters.VALIDATE, 2 * farFuture,
                DeadLetters.ENRICH, 2 * unknownTenant));
        assertThat(passed).hasSize((int) valid);
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecordBase> Class<T> eventType(EventTopic topic) {
        return (Class<T>) topic.eventType();
    }

    private static long key(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
