package com.aybiza.jobs.ingest;

import com.aybiza.events.DeadLetter;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The Kafka ends every job shares: a source of raw records from an input topic, and the dead-letter sink. */
public final class IngestKafka {

    private IngestKafka() {
    }

    /**
     * A source of one input topic's raw records. A job restored from a checkpoint resumes at the checkpoint's offsets;
     * a new job resumes at its group's committed offsets, and a group that never committed starts at the earliest
     * record, so a first deployment bills everything still on the topic rather than skipping it.
     */
    public static KafkaSourceBuilder<RawRecord> source(String bootstrapServers, String topic, String groupId) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                // Offsets are committed on checkpoints only (the connector's default); said here because
                // monitoring a group's lag relies on it.
                .setProperty("commit.offsets.on.checkpoint", "true");
    }

    /**
     * The sink of dead letters, into each source topic's {@code .dlq} twin. At least once: a dead letter repeated
     * after a restart is harmless (it names its source offset), while exactly once would hold every dead letter back
     * until the next checkpoint. This one is for a cluster that needs no security settings.
     */
    public static KafkaSink<DeadLetter> deadLetterSink(String bootstrapServers) {
        return deadLetterSink(bootstrapServers, Map.of());
    }

    /**
     * The dead-letter sink with {@code kafkaProperties} (--kafka-properties: security protocol, SASL, trust store)
     * beneath the settings the sink relies on: a secured cluster refuses a producer without them.
     */
    public static KafkaSink<DeadLetter> deadLetterSink(String bootstrapServers, Map<String, String> kafkaProperties) {
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        return KafkaSink.<DeadLetter>builder()
                .setKafkaProducerConfig(props)
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new DeadLetterSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty(ProducerConfig.ACKS_CONFIG, "all")
                .setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                // One request in flight: with more, a first send to a partition the broker has not opened yet can be
                // overtaken by the next, and its retries are then refused as out of order until they expire
                // (KAFKA-15591). Dead letters are few; ordering and no loss matter more than throughput here.
                .setProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1")
                .build();
    }
}
