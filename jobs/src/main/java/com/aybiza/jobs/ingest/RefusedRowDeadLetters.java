package com.aybiza.jobs.ingest;

import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventCodec;
import com.aybiza.events.EventTopic;
import com.aybiza.sinks.postgres.RefusedRowHandler;
import com.aybiza.sinks.postgres.RowRefusal;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the rows a PostgreSQL sink refused to their source topic's dead-letter twin, stage {@code sink}, with the
 * SQL state and constraint in the message. At least once: after a crash a refused row is refused again and its dead
 * letter sent again; a dead letter's identity is its (source_topic, source_partition, source_offset), by which
 * {@code bin/aybiza dead-letters} and {@code reconcile} count repeated copies once.
 */
public final class RefusedRowDeadLetters<E> implements RefusedRowHandler<E> {

    public static final String STAGE = "sink";

    /** The Kafka record a row came from, whose dead letter its refusal becomes. */
    @FunctionalInterface
    public interface SourceOf<E> extends Serializable {
        RawRecord of(E row);
    }

    private final String bootstrapServers;
    private final Map<String, String> kafkaProperties;
    private final SourceOf<E> sourceOf;
    private transient KafkaProducer<byte[], byte[]> producer;
    private transient EventCodec<DeadLetter> codec;
    private transient AtomicReference<Exception> failure;

    public RefusedRowDeadLetters(String bootstrapServers, Map<String, String> kafkaProperties, SourceOf<E> sourceOf) {
        this.bootstrapServers = bootstrapServers;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.sourceOf = sourceOf;
    }

    /** For rows that are events with their source record. */
    public static <E extends SourcedEvent<?>> RefusedRowDeadLetters<E> ofEvents(String bootstrapServers,
                                                                             Map<String, String> kafkaProperties) {
        return new RefusedRowDeadLetters<>(bootstrapServers, kafkaProperties, row -> row.source);
    }

    @Override
    public void open(int subtask) {
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "aybiza-sink-dead-letters-" + subtask);
        // See IngestKafka.deadLetterSink: one request in flight, so a retried first send is never overtaken.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        codec = EventCodec.forType(DeadLetter.class);
        failure = new AtomicReference<>();
    }

    @Override
    public void refused(E row, RowRefusal refusal) throws IOException {
        throwIfFailed();
        RawRecord source = sourceOf.of(row);
        DeadLetter letter = DeadLetters.of(source, STAGE, refusal.errorClass(), refusal.toString(),
                System.currentTimeMillis());
        producer.send(new ProducerRecord<>(EventTopic.deadLetterTopicOf(source.topic), source.key,
                codec.encode(letter)), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    @Override
    public void flush() throws IOException {
        producer.flush();
        throwIfFailed();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }

    private void throwIfFailed() throws IOException {
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("a dead letter of a refused row could not be written: " + e.getMessage(), e);
        }
    }
}
