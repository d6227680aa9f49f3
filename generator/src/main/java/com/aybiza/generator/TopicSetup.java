package com.aybiza.generator;

import com.aybiza.events.EventTopic;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the input and dead-letter topics the contract names, where they do not exist yet; existing ones are left alone. */
final class TopicSetup {

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
        }
    }
}
