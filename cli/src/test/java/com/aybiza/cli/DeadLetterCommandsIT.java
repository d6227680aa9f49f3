package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventCodec;
import com.aybiza.events.EventTopic;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * `bin/aybiza dead-letters` and `bin/aybiza redrive` against a real broker, on dead letters written as the
 * pipeline writes them: one of them twice (as after a crash), a tombstone, three stages, times from three hours to
 * twenty minutes ago, and one record on a dead-letter topic that is no envelope at all.
 */
class DeadLetterCommandsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String USAGE = EventTopic.USAGE.topicName();
    private static final String USAGE_DLQ = EventTopic.USAGE.deadLetterTopicName();
    private static final String CALLS_DLQ = EventTopic.CALLS.deadLetterTopicName();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String UNKNOWN_REFERENCE = "com.aybiza.jobs.enrich.UnknownReferenceException";

    // Oldest first. A is written twice; D's record was a tombstone; E has no key and a long multi-line message.
    private static final DeadLetter A = letter(USAGE, 2, 10, "enrich", UNKNOWN_REFERENCE,
            "unknown tenant 0d6f2a9e-3c1b-4f51-9d5e-1f2a3b4c5d6e", 180, "tenant-a", "usage-A");
    private static final DeadLetter E = letter(EventTopic.CALLS.topicName(), 0, 1, "deserialize",
            "com.aybiza.events.EventDecodingException", "Cannot decode CallEvent: not an Avro single-object message\n"
                    + "(3 bytes; expected C3 01 and an 8-byte schema fingerprint first): " + "z".repeat(100),
            120, null, "\u0001\u0002\u0003");
    private static final DeadLetter B = letter(USAGE, 5, 7, "validate", "com.aybiza.jobs.ingest.InvalidEventException",
            "quantity is -1, must be 0 or more", 60, "tenant-b", "usage-B");
    private static final DeadLetter C = letter(USAGE, 2, 11, "enrich", UNKNOWN_REFERENCE,
            "unknown agent 5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716", 30, "tenant-a", "usage-C");
    private static final DeadLetter D = letter(USAGE, 3, 4, "enrich", UNKNOWN_REFERENCE,
            "unknown tenant 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", 20, "tenant-d", "");

    @BeforeAll
    static void writeDeadLettersAsThePipelineDoes() throws Exception {
        for (EventTopic topic : EventTopic.values()) {
            KAFKA.createTopic(topic.topicName(), EventTopic.DEFAULT_PARTITIONS, topic.topicConfig());
            KAFKA.createTopic(topic.deadLetterTopicName(), EventTopic.DEFAULT_PARTITIONS,
                    topic.deadLetterTopicConfig());
        }
        EventCodec<DeadLetter> codec = EventCodec.forType(DeadLetter.class);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (DeadLetter letter : List.of(A, E, B, C, A, D)) {
                producer.send(new ProducerRecord<>(EventTopic.deadLetterTopicOf(letter.getSourceTopic()),
                        bytes(letter.getOriginalKey()), codec.encode(letter))).get();
            }
            producer.send(new ProducerRecord<>(CALLS_DLQ, null, "not a dead letter".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    @Test
    void listsEachDeadLetterOnceNewestLastWithACountByStageAndReason() {
        CommandRun run = run("dead-letters", "--bootstrap-servers", KAFKA.bootstrapServers());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines.get(0).split(" {2,}"))
                .containsExactly("STAGE", "REASON", "SOURCE (topic/partition/offset)", "FAILED AT (UTC)");
        assertThat(rows(run)).containsExactly(
                List.of("enrich", "UnknownReferenceException: unknown tenant 0d6f2a9e-3c1b-4f51-9d5e-1f2a3b4c5d6e",
                        "aybiza.usage.v1/2/10", utc(A)),
                List.of("deserialize", DeadLetterTable.reason(E), "aybiza.calls.v1/0/1", utc(E)),
                List.of("validate", "InvalidEventException: quantity is -1, must be 0 or more",
                        "aybiza.usage.v1/5/7", utc(B)),
                List.of("enrich", "UnknownReferenceException: unknown agent 5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716",
                        "aybiza.usage.v1/2/11", utc(C)),
                List.of("enrich", "UnknownReferenceException: unknown tenant 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                        "aybiza.usage.v1/3/4", utc(D)));
        assertThat(DeadLetterTable.reason(E)).hasSize(DeadLetterTable.REASON_WIDTH).endsWith("...")
                .startsWith("EventDecodingException: Cannot decode CallEvent: not an Avro single-object");
        int summary = lines.indexOf("by stage and reason:");
        assertThat(lines.subList(summary + 1, lines.size() - 1)).map(l -> Arrays.asList(l.trim().split("\\s+")))
                .containsExactly(List.of("deserialize", "EventDecodingException", "1"),
                        List.of("enrich", "UnknownReferenceException", "3"),
                        List.of("validate", "InvalidEventException", "1"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("dead letters: 5 shown of 5, 1 repeated copy ignored");
        assertThat(run.err()).isEqualTo(
                "dead-letters: 1 record(s) on aybiza.calls.v1.dlq are no DeadLetter envelope (skipped)\n");
    }

    @Test
    void stageFilterAndLimitKeepTheNewestMatchingRows() {
        CommandRun enrich = run("dead-letters", "--bootstrap-servers", KAFKA.bootstrapServers(), "--stage", "enrich");
        assertThat(sources(enrich))
                .containsExactly("aybiza.usage.v1/2/10", "aybiza.usage.v1/2/11", "aybiza.usage.v1/3/4");
        assertThat(lastLine(enrich)).isEqualTo("dead letters: 3 shown of 3 (stage=enrich), 1 repeated copy ignored");

        CommandRun limited = run("dead-letters", "--bootstrap-servers", KAFKA.bootstrapServers(), "--stage", "enrich",
                "--limit", "2");
        assertThat(sources(limited)).containsExactly("aybiza.usage.v1/2/11", "aybiza.usage.v1/3/4");
        assertThat(lastLine(limited)).isEqualTo("dead letters: 2 shown of 3 (stage=enrich), 1 repeated copy ignored");

        CommandRun validate = run("dead-letters", "--bootstrap-servers", KAFKA.bootstrapServers(), "--stage", "validate");
        assertThat(sources(validate)).containsExactly("aybiza.usage.v1/5/7");
        assertThat(lastLine(validate))
                .isEqualTo("dead letters: 1 shown of 1 (stage=validate), 0 repeated copies ignored");

        CommandRun none = run("dead-letters", "--bootstrap-servers", KAFKA.bootstrapServers(), "--limit", "0");
        assertThat(none.outLines()).noneMatch(line -> line.startsWith("STAGE")).contains("by stage and reason:");
        assertThat(lastLine(none)).isEqualTo("dead letters: 0 shown of 5, 1 repeated copy ignored");

        CommandRun typo = run("dead-letters", "--bootstrap-servers", KAFKA.bootstrapServers(), "--stage", "enrch");
        assertThat(typo.outLines()).containsExactly(
                "no dead letters at stage 'enrch'; stages present: deserialize, enrich, validate",
                "dead letters: 0 shown of 0 (stage=enrch), 0 repeated copies ignored");
    }

    @Test
    void oneTopicListsOnlyItsDeadLetters() {
        CommandRun calls = run("dead-letters", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", CALLS_DLQ);
        assertThat(sources(calls)).containsExactly("aybiza.calls.v1/0/1");
        assertThat(lastLine(calls)).isEqualTo("dead letters: 1 shown of 1, 0 repeated copies ignored");

        CommandRun security = run("dead-letters", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--topic", EventTopic.SECURITY.deadLetterTopicName());
        assertThat(security.outLines()).containsExactly("dead letters: 0 shown of 0, 0 repeated copies ignored");
    }

    @Test
    void redriveSendsEachSelectedOriginalBackOnceAndSkipsTombstones() {
        Map<TopicPartition, Long> before = endOffsets(USAGE);
        CommandRun run = run("redrive", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", USAGE_DLQ,
                "--stage", "enrich");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(
                "redrive: 2 records sent back to aybiza.usage.v1 (1 repeated copy skipped, 1 tombstone skipped)\n");
        // Same key, same partition, and in the order of their source offsets.
        assertThat(recordsAfter(before)).containsExactly("tenant-a=usage-A", "tenant-a=usage-C");
        assertThat(endOffsets(USAGE_DLQ).values().stream().mapToLong(Long::longValue).sum())
                .as("the dead-letter topic is left as it was").isEqualTo(5);
    }

    @Test
    void redriveSinceTakesATimeAgoOrAnInstant() {
        Map<TopicPartition, Long> before = endOffsets(USAGE);
        CommandRun twoHours = run("redrive", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", USAGE_DLQ,
                "--since", "2h");
        assertThat(twoHours.out()).isEqualTo(
                "redrive: 2 records sent back to aybiza.usage.v1 (0 repeated copies skipped, 1 tombstone skipped)\n");
        assertThat(recordsAfter(before)).containsExactlyInAnyOrder("tenant-b=usage-B", "tenant-a=usage-C");

        before = endOffsets(USAGE);
        CommandRun instant = run("redrive", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", USAGE_DLQ,
                "--since", NOW.minus(Duration.ofMinutes(45)).toString(), "--stage", "enrich");
        assertThat(instant.out()).isEqualTo(
                "redrive: 1 record sent back to aybiza.usage.v1 (0 repeated copies skipped, 1 tombstone skipped)\n");
        assertThat(recordsAfter(before)).containsExactly("tenant-a=usage-C");
    }

    @Test
    void redriveKeepsAMissingKeyAndPassesOverWhatIsNoDeadLetter() {
        String calls = EventTopic.CALLS.topicName();
        Map<TopicPartition, Long> before = endOffsets(calls);
        CommandRun run = run("redrive", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", CALLS_DLQ);

        assertThat(run.out()).isEqualTo(
                "redrive: 1 record sent back to aybiza.calls.v1 (0 repeated copies skipped)\n");
        assertThat(run.err()).isEqualTo(
                "redrive: 1 record(s) on aybiza.calls.v1.dlq are no DeadLetter envelope (skipped)\n");
        assertThat(recordsAfter(before)).containsExactly("null=\u0001\u0002\u0003");
    }

    @Test
    void dryRunSendsNothing() {
        Map<TopicPartition, Long> before = endOffsets(USAGE);
        CommandRun run = run("redrive", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", USAGE_DLQ,
                "--stage", "enrich", "--dry-run");

        assertThat(run.out()).isEqualTo("redrive (dry run): 2 records would be sent back to aybiza.usage.v1 "
                + "(1 repeated copy skipped, 1 tombstone skipped); nothing sent\n");
        assertThat(endOffsets(USAGE)).isEqualTo(before);
    }

    @Test
    void missingTopicIsOneLineAndNotCreated() throws Exception {
        for (String command : List.of("dead-letters", "redrive")) {
            CommandRun run = run(command, "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", "aybiza.nosuch.v1.dlq");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isEqualTo("aybiza " + command + ": topic aybiza.nosuch.v1.dlq does not exist on "
                    + KAFKA.bootstrapServers() + "\n");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).doesNotContain("aybiza.nosuch.v1.dlq");
        }
    }

    @Test
    void anInputTopicIsRefusedAsOption() {
        CommandRun run = run("redrive", "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic", USAGE);
        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("--topic must name a dead-letter topic (<input topic>.dlq), got "
                + "'aybiza.usage.v1'; did you mean aybiza.usage.v1.dlq?");
    }

    @Test
    void closedPortFailsAtOnceNamingTheAddress() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String address = "127.0.0.1:" + closedPort;
        CommandRun run = run("redrive", "--bootstrap-servers", address, "--topic", USAGE_DLQ);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("aybiza redrive: cannot reach Kafka at " + address + ": Connection refused\n");
    }

    @Test
    void silentServerFailsWithinTheTimeoutNamingTheAddress() throws Exception {
        // Takes connections and never answers, as a wrong port on a live host does: only Kafka's own timeouts end it.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + silent.getLocalPort();
            long start = System.nanoTime();
            CommandRun run = run("dead-letters", "--bootstrap-servers", address);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().lines().toList()).singleElement().asString()
                    .startsWith("aybiza dead-letters: cannot reach Kafka at " + address + " within 10s (");
            assertThat(took).isBetween(KafkaEndpoint.DEFAULT_TIMEOUT.minusSeconds(1), KafkaEndpoint.DEFAULT_TIMEOUT.plusSeconds(4));
        }
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    /** The table's rows, split into their four cells. */
    private static List<List<String>> rows(CommandRun run) {
        List<String> lines = run.outLines();
        if (lines.isEmpty() || !lines.get(0).startsWith("STAGE")) {
            return List.of();
        }
        int end = lines.indexOf("by stage and reason:");
        return lines.subList(1, end).stream().map(line -> List.of(line.split(" {2,}"))).toList();
    }

    private static List<String> sources(CommandRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return rows(run).stream().map(row -> row.get(2)).toList();
    }

    private static String lastLine(CommandRun run) {
        List<String> lines = run.outLines();
        return lines.get(lines.size() - 1);
    }

    private static String utc(DeadLetter letter) {
        return letter.getFailedAt().toString().replace("Z", ".000Z");
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList());
        }
    }

    /** What arrived after {@code from}, as key=value text; in order within each partition. */
    private static List<String> recordsAfter(Map<TopicPartition, Long> from) {
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
            while (from.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(text(record.key()) + "=" + text(record.value()));
                }
            }
        }
        return records;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static DeadLetter letter(String sourceTopic, int partition, long offset, String stage, String errorClass,
                                     String message, int minutesAgo, String key, String value) {
        return DeadLetter.newBuilder()
                .setOriginalValue(ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)))
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setSourceTopic(sourceTopic).setSourcePartition(partition).setSourceOffset(offset)
                .setFailedStage(stage).setErrorClass(errorClass).setErrorMessage(message)
                .setFailedAt(NOW.minus(Duration.ofMinutes(minutesAgo)))
                .build();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
