package com.aybiza.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaBrokerIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int RECORDS = 10_000;
    private static final int KEYS = 100;

    @Test
    void deliversEveryProducedRecordOnceAndInOrderPerPartition() throws Exception {
        KAFKA.createTopic("call-events", 3, Map.of());

        try (KafkaProducer<String, Long> producer = new KafkaProducer<>(producerConfig())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (long seq = 0; seq < RECORDS; seq++) {
                sends.add(producer.send(new ProducerRecord<>("call-events", "call-" + (seq % KEYS), seq)));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        }

        List<ConsumerRecord<String, Long>> received = consumeAll("call-events", RECORDS);

        assertThat(received).hasSize(RECORDS);
        assertThat(received.stream().map(ConsumerRecord::value).distinct()).hasSize(RECORDS);
        Map<Integer, List<Long>> byPartition = new HashMap<>();
        Map<String, Integer> partitionOfKey = new HashMap<>();
        Map<String, List<Long>> byKey = new HashMap<>();
        for (ConsumerRecord<String, Long> r : received) {
            byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.value());
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
            assertThat(partitionOfKey.computeIfAbsent(r.key(), k -> r.partition()))
                    .as("partition of key %s", r.key()).isEqualTo(r.partition());
        }
        // One producer sent the sequence in order, so each partition (and each key within it) holds it ascending.
        assertThat(byPartition).hasSize(3);
        byPartition.forEach((partition, seqs) -> assertThat(seqs).as("partition %d", partition).isSorted());
        assertThat(byKey).hasSize(KEYS);
        byKey.forEach((key, seqs) -> assertThat(seqs).as("key %s", key).isSorted().hasSize(RECORDS / KEYS));
    }

    @Test
    void createTopicLeavesAnExistingTopicAsItIs() throws Exception {
        KAFKA.createTopic("tool-executions", 2, Map.of("retention.ms", "3600000"));
        KAFKA.createTopic("tool-executions", 5, Map.of());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of("tool-executions")).allTopicNames().get()
                    .get("tool-executions").partitions().size();
            assertThat(partitions).isEqualTo(2);
        }
    }

    @Test
    void runsASecondIndependentClusterAlongsideAndRemovesItOnClose() throws Exception {
        Path workDir;
        long pid;
        try (KafkaBroker second = KafkaBroker.start(KafkaBrokerOptions.defaults())) {
            workDir = second.workDir();
            pid = second.pid();
            second.createTopic("only-on-second", 1, Map.of());

            assertThat(second.bootstrapServers()).isNotEqualTo(KAFKA.bootstrapServers());
            assertThat(clusterIdOf(second.bootstrapServers())).isEqualTo(second.clusterId())
                    .isNotEqualTo(clusterIdOf(KAFKA.bootstrapServers()));
            assertThat(topicsOf(second.bootstrapServers())).contains("only-on-second");
            assertThat(topicsOf(KAFKA.bootstrapServers())).doesNotContain("only-on-second");
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(Files.exists(workDir)).isFalse();
    }

    private static Properties producerConfig() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
        return p;
    }

    private static List<ConsumerRecord<String, Long>> consumeAll(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-broker-it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        List<ConsumerRecord<String, Long>> received = new ArrayList<>();
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
            // One more poll: anything past the expected count would be a duplicate the assertions must see.
            consumer.poll(Duration.ofMillis(500)).forEach(received::add);
        }
        return received;
    }

    private static String clusterIdOf(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeCluster().clusterId().get();
        }
    }

    private static Set<String> topicsOf(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics().names().get();
        }
    }
}
