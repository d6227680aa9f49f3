package com.aybiza.generator;

import com.aybiza.events.EventTopic;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Creates the input and dead-letter topics the contract names, where they do not exist yet; existing ones are left
 * alone. Returns only once every partition of the contract's topics has a leader: createTopics completes when the
 * controller has committed the topics, which can be before the broker leads their partitions, and a producer's
 * first sends would then wait on metadata for partitions that are not served yet.
 */
final class TopicSetup {

    private static final Duration LEADERS_TIMEOUT = Duration.ofSeconds(60);

    private TopicSetup() {}

    static void ensureTopics(String bootstrapServers, PrintWriter out) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            int brokers = admin.describeCluster().nodes().get().size();
            short replication = (short) Math.min(3, brokers);
            List<NewTopic> missing = new ArrayList<>();
            for (EventTopic topic : EventTopic.values()) {
                if (!existing.contains(topic.topicName())) {
                    missing.add(new NewTopic(topic.topicName(), EventTopic.DEFAULT_PARTITIONS, replication)
                            .configs(topic.topicConfig()));
                }
                if (!existing.contains(topic.deadLetterTopicName())) {
                    missing.add(new NewTopic(topic.deadLetterTopicName(), EventTopic.DEFAULT_PARTITIONS, replication)
                            .configs(topic.deadLetterTopicConfig()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                out.printf("created topics: %s%n", missing.stream().map(NewTopic::name).toList());
            }
            awaitLeaders(admin, Arrays.stream(EventTopic.values())
                    .flatMap(t -> Stream.of(t.topicName(), t.deadLetterTopicName())).toList());
        }
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
