package com.aybiza.jobs.ingest;

import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventCodec;
import com.aybiza.events.EventTopic;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a dead letter to its source topic's dead-letter twin ({@code <source topic>.dlq}, the contract's naming)
 * with the original key, so a tenant's dead letters stay together and in order as its events were.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    private transient EventCodec<DeadLetter> codec;

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = EventCodec.forType(DeadLetter.class);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        ByteBuffer key = letter.getOriginalKey();
        return new ProducerRecord<>(EventTopic.deadLetterTopicOf(letter.getSourceTopic().toString()), null, timestamp,
                key == null ? null : bytes(key), codec.encode(letter));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
