package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.events.EventTopic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * `bin/aybiza topics create` against a real broker: the contract's ten topics with its settings, an input topic made
 * beforehand with the producer's clock (CreateTime) named and the exit code 1, then, once mended, a second run that
 * creates nothing and reports every topic as existing.
 */
class TopicsCreateCommandIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void createsTheContractsTopicsReportsAWrongTimestampTypeAndIsIdempotent() throws Exception {
        String calls = EventTopic.CALLS.topicName();
        KAFKA.createTopic(calls, 1, Map.of("message.timestamp.type", "CreateTime"));

        StringWriter tooMany = new StringWriter();
        int refused = aybiza(new StringWriter(), tooMany, "topics", "create", "--bootstrap-servers",
                KAFKA.bootstrapServers(), "--replication-factor", "3");
        assertThat(refused).as(tooMany.toString()).isNotZero();
        assertThat(tooMany.toString()).contains("--replication-factor 3 needs 3 brokers; the cluster at "
                + KAFKA.bootstrapServers() + " has 1");

        // No --replication-factor: three copies where there are three brokers, one on this one-broker cluster.
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int first = aybiza(out, err, "topics", "create", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--partitions", "3");

        assertThat(first).as(out + "" + err).isEqualTo(1);
        assertThat(out.toString().replaceAll(" +", " "))
                .contains(EventTopic.USAGE.topicName() + " created (3 partitions, 1 replicas)");
        assertThat(out.toString().replaceAll(" +", " ")).contains(calls + " exists, differs: "
                + "message.timestamp.type=CreateTime (the contract says LogAppendTime)");
        assertThat(err.toString()).contains("the jobs will not read " + calls);
        try (Admin admin = admin()) {
            for (EventTopic topic : EventTopic.values()) {
                if (topic != EventTopic.CALLS) {
                    assertThat(partitions(admin, topic.topicName())).isEqualTo(3);
                    assertThat(config(admin, topic.topicName())).containsAllEntriesOf(topic.topicConfig());
                }
                assertThat(config(admin, topic.deadLetterTopicName()))
                        .containsAllEntriesOf(topic.deadLetterTopicConfig());
            }
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, calls), List.of(
                    new AlterConfigOp(new ConfigEntry("message.timestamp.type", "LogAppendTime"),
                            AlterConfigOp.OpType.SET)))).all().get();
            // The broker applies an altered config a moment after it acknowledges it.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"LogAppendTime".equals(config(admin, calls).get("message.timestamp.type"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        StringWriter again = new StringWriter();
        int second = aybiza(again, new StringWriter(), "topics", "create", "--bootstrap-servers",
                KAFKA.bootstrapServers(), "--replication-factor", "1");

        assertThat(second).as(again.toString()).isZero();
        assertThat(again.toString().replaceAll(" +", " ")).contains("topics create: 0 created, 10 existed")
                .contains(calls + " exists\n").doesNotContain("differs");
    }

    private static int aybiza(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = AybizaCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return description.partitions().size();
    }

    private static Map<String, String> config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        Collection<ConfigEntry> entries = config.entries();
        return entries.stream().filter(e -> e.value() != null)
                .collect(java.util.stream.Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
    }
}
