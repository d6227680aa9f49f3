package com.aybiza.jobs.ingest;

import com.aybiza.events.EventTopic;
import com.aybiza.jobs.JobSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The jobs' Kafka sources, and the check that the input topics are fit to be read: validation judges each event
 * against the broker's arrival stamp, which only a {@code LogAppendTime} topic gives, so a job refuses to start on
 * any other rather than judge events by a producer's clock.
 */
public final class InputTopics {

    private InputTopics() {
    }

    /**
     * A source of {@code topic}'s committed records (read_committed: a transactional producer's aborted records are
     * never billed), starting where {@code settings} say when the job starts without state.
     */
    public static KafkaSource<RawRecord> source(JobSettings settings, EventTopic topic) {
        OffsetsInitializer start = switch (settings.startFrom().mode()) {
            case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case TIMESTAMP -> OffsetsInitializer.timestamp(settings.startFrom().timestamp().toEpochMilli());
        };
        Properties props = new Properties();
        props.putAll(settings.kafkaProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaSourceBuilder<RawRecord> source = IngestKafka.source(settings.bootstrapServers(), topic.topicName(),
                        settings.consumerGroup() + "." + topic.topicName())
                .setStartingOffsets(start)
                .setProperties(props);
        if (settings.stopAtLatest()) {
            // End of input sends every watermark to the end of time: windows and joins emit what they hold, and the
            // job finishes once every row is committed, which is what a catch-up is timed by.
            source.setBounded(OffsetsInitializer.latest());
        }
        return source.build();
    }

    /**
     * Fails with a message naming every input topic that is missing or does not stamp records with LogAppendTime,
     * and how to fix it. Gives up after {@code timeoutSeconds} on a broker that does not answer.
     */
    public static void requireLogAppendTime(String bootstrapServers, Map<String, String> kafkaProperties,
                                            Collection<EventTopic> topics, long timeoutSeconds) {
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(timeoutSeconds));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(timeoutSeconds));
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.topicName())).toList();
        List<String> problems = new ArrayList<>();
        try (AdminClient admin = AdminClient.create(props)) {
            Map<ConfigResource, Config> configs;
            try {
                java.util.Set<String> existing = admin.listTopics().names().get(timeoutSeconds, TimeUnit.SECONDS);
                List<String> missing = resources.stream().map(ConfigResource::name)
                        .filter(name -> !existing.contains(name)).toList();
                if (!missing.isEmpty()) {
                    throw new IllegalStateException("input topics missing on " + bootstrapServers + ": "
                            + String.join(", ", missing) + " (create them with message.timestamp.type=LogAppendTime, "
                            + "or run `bin/aybiza generate` once, which creates the topics)");
                }
                configs = admin.describeConfigs(resources).all().get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within "
                        + timeoutSeconds + " s", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not read the input topics' settings from Kafka at "
                        + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking the input topics", e);
            }
            for (ConfigResource r : resources) {
                String type = configs.get(r).get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value();
                if (!"LogAppendTime".equals(type)) {
                    problems.add(r.name() + " has message.timestamp.type=" + type + "; set it with `kafka-configs.sh "
                            + "--alter --entity-type topics --entity-name " + r.name()
                            + " --add-config message.timestamp.type=LogAppendTime`");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the jobs judge events against the broker's arrival time and need "
                    + "LogAppendTime topics: " + String.join("; ", problems));
        }
    }
}
