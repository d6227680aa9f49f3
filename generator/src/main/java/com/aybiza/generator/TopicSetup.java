package com.aybiza.generator;

import com.aybiza.events.EventTopic;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The one place the platform's topics are created: the input topics and dead-letter topics the contract names
 * ({@link EventTopic}, with its retention and LogAppendTime), by the generator before a run and by
 * {@code bin/aybiza topics create} on a real cluster. Existing topics are left alone and their settings compared with
 * the contract's. Returns only once every partition has a leader: createTopics completes when the controller has
 * committed the topics, which can be before the broker leads their partitions, and a producer's first sends would then
 * wait on metadata for partitions that are not served yet.
 */
public final class TopicSetup {

    private static final Duration LEADERS_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What a setup found and did.
     *
     * @param created the topics it created
     * @param existing the topics that were there already
     * @param differences per existing topic whose settings differ from the contract's, what differs
     */
    public record Outcome(List<String> created, List<String> existing, Map<String, List<String>> differences) {

        /** Differences the jobs refuse to run with: an input topic that does not stamp records on arrival. */
        public List<String> wrongTimestampType() {
            return differences.entrySet().stream()
                    .filter(e -> e.getValue().stream().anyMatch(d -> d.startsWith(TIMESTAMP_TYPE)))
                    .map(Map.Entry::getKey).sorted().toList();
        }
    }

    private static final String TIMESTAMP_TYPE = "message.timestamp.type";

    private TopicSetup() {}

    /** Every topic of the contract, input and dead-letter, with the contract's settings, in a stable order. */
    public static List<NewTopic> contractTopics(int partitions, short replication) {
        List<NewTopic> topics = new ArrayList<>();
        for (EventTopic topic : EventTopic.values()) {
            topics.add(new NewTopic(topic.topicName(), partitions, replication).configs(topic.topicConfig()));
            topics.add(new NewTopic(topic.deadLetterTopicName(), partitions, replication)
                    .configs(topic.deadLetterTopicConfig()));
        }
        return topics;
    }

    /** For the generator: the contract's default partitions and up to three replicas, printing what it created. */
    static void ensureTopics(String bootstrapServers, Map<String, String> clientProperties, PrintWriter out)
            throws Exception {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            int brokers = admin.describeCluster().nodes().get().size();
            Outcome outcome = apply(admin, EventTopic.DEFAULT_PARTITIONS, (short) Math.min(3, brokers));
            if (!outcome.created().isEmpty()) {
                out.printf("created topics: %s%n", outcome.created());
            }
        }
    }

    /**
     * Creates the contract's topics that {@code admin}'s cluster lacks, compares the settings of those it has, and
     * waits for every partition's leader.
     */
    public static Outcome apply(Admin admin, int partitions, short replication) throws Exception {
        Set<String> present = admin.listTopics().names().get();
        List<NewTopic> wanted = contractTopics(partitions, replication);
        List<NewTopic> missing = wanted.stream().filter(t -> !present.contains(t.name())).toList();
        List<NewTopic> existing = wanted.stream().filter(t -> present.contains(t.name())).toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get();
        }
        Map<String, List<String>> differences = differences(admin, existing);
        awaitLeaders(admin, wanted.stream().map(NewTopic::name).toList());
        return new Outcome(missing.stream().map(NewTopic::name).toList(),
                existing.stream().map(NewTopic::name).toList(), differences);
    }

    private static Map<String, List<String>> differences(Admin admin, List<NewTopic> existing) throws Exception {
        if (existing.isEmpty()) {
            return Map.of();
        }
        Map<ConfigResource, Config> configs = admin.describeConfigs(existing.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList()).all().get();
        Map<String, List<String>> differences = new HashMap<>();
        for (NewTopic topic : existing) {
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
            List<String> differs = new ArrayList<>();
            topic.configs().forEach((key, expected) -> {
                ConfigEntry entry = actual.get(key);
                String value = entry == null ? null : entry.value();
                if (!expected.equals(value)) {
                    differs.add(key + "=" + value + " (the contract says " + expected + ")");
                }
            });
            if (!differs.isEmpty()) {
                differences.put(topic.name(), differs.stream().sorted().toList());
            }
        }
        return differences;
    }

    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException {
        long deadline = System.nanoTime() + LEADERS_TIMEOUT.toNanos();
        String waitingFor = "";
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
                waitingFor = described.values().stream()
                        .flatMap(d -> d.partitions().stream()
                                .filter(p -> p.leader() == null || p.leader().isEmpty())
                                .map(p -> d.name() + "-" + p.partition()))
                        .collect(Collectors.joining(", "));
                if (waitingFor.isEmpty()) {
                    return;
                }
            } catch (ExecutionException e) {
                waitingFor = e.getCause().toString(); // typically UnknownTopicOrPartition until the broker catches up
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topic partitions without a leader after " + LEADERS_TIMEOUT + ": " + waitingFor);
    }
}
