package com.aybiza.cli;

import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventCodec;
import com.aybiza.events.EventDecodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads dead-letter topics from their first record to the end they had when reading began (so it ends, however
 * busy the pipeline is), and hands on each dead letter once. The pipeline writes dead letters at least once: after a
 * crash the same one can be written again. A dead letter is identified by the record it is about (source topic,
 * partition, offset), and the first copy read stands for all of them; the others are counted.
 */
final class DeadLetterReader {

    /** Reading gives up when no partition has moved for this long: the broker went away in the middle. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);

    /**
     * What a read found. {@code selected} distinct dead letters passed the selection, with {@code repeatedCopies}
     * further copies of them; {@code notDeadLetters} counts, per topic, records that are no DeadLetter envelope;
     * {@code stages} are the stages of every distinct dead letter read, selected or not.
     */
    record Result(long selected, long repeatedCopies, Map<String, Long> notDeadLetters, SortedSet<String> stages) {
        String repeatedCopiesText() {
            return repeatedCopies + (repeatedCopies == 1 ? " repeated copy" : " repeated copies");
        }
    }

    private record Identity(String sourceTopic, int sourcePartition, long sourceOffset) {
        static Identity of(DeadLetter letter) {
            return new Identity(letter.getSourceTopic(), letter.getSourcePartition(), letter.getSourceOffset());
        }
    }

    private final KafkaEndpoint kafka;
    private final EventCodec<DeadLetter> codec = EventCodec.forType(DeadLetter.class);

    DeadLetterReader(KafkaEndpoint kafka) {
        this.kafka = kafka;
    }

    /** The contract names a dead-letter topic {@code <input topic>.dlq}. */
    static boolean isDeadLetterTopic(String topic) {
        return topic.endsWith(".dlq") && topic.length() > ".dlq".length();
    }

    /**
     * Reads {@code topics} (which must exist) and passes the first copy of each dead letter that {@code selection}
     * accepts to {@code selected}, in the order read.
     */
    Result read(List<String> topics, Predicate<DeadLetter> selection, Consumer<DeadLetter> selected) {
        FirstCopies firstCopies = new FirstCopies(selection, selected);
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            readToEnd(consumer, topics, record -> firstCopies.accept(record.topic(), decode(record.value())));
        }
        return firstCopies.result();
    }

    /** Passes on the first copy of each dead letter, and counts the rest. */
    private static final class FirstCopies {
        private final Predicate<DeadLetter> selection;
        private final Consumer<DeadLetter> selected;
        private final Map<Identity, Boolean> firstCopySelected = new HashMap<>();
        private final Map<String, Long> notDeadLetters = new TreeMap<>();
        private final SortedSet<String> stages = new TreeSet<>();
        private long selectedCount;
        private long repeatedCopies;

        FirstCopies(Predicate<DeadLetter> selection, Consumer<DeadLetter> selected) {
            this.selection = selection;
            this.selected = selected;
        }

        void accept(String topic, DeadLetter letter) {
            if (letter == null) {
                notDeadLetters.merge(topic, 1L, Long::sum);
                return;
            }
            Identity identity = Identity.of(letter);
            Boolean firstSelected = firstCopySelected.get(identity);
            if (firstSelected == null) {
                boolean accepted = selection.test(letter);
                firstCopySelected.put(identity, accepted);
                stages.add(letter.getFailedStage());
                if (accepted) {
                    selectedCount++;
                    selected.accept(letter);
                }
            } else if (firstSelected) {
                repeatedCopies++;
            }
        }

        Result result() {
            return new Result(selectedCount, repeatedCopies, notDeadLetters, stages);
        }
    }

    private DeadLetter decode(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return codec.decode(value);
        } catch (EventDecodingException e) {
            return null;
        }
    }

    private void readToEnd(KafkaConsumer<byte[], byte[]> consumer, List<String> topics,
                           Consumer<ConsumerRecord<byte[], byte[]>> each) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        consumer.beginningOffsets(partitions).forEach(consumer::seek);
        Set<TopicPartition> unfinished = new HashSet<>(partitions);
        long lastProgress = System.nanoTime();
        while (true) {
            boolean moved = unfinished.removeIf(p -> consumer.position(p) >= end.get(p));
            if (unfinished.isEmpty()) {
                return;
            }
            // Records written after reading began are not read: without a fixed end, a busy pipeline never lets it end.
            consumer.pause(partitions.stream().filter(p -> !unfinished.contains(p)).toList());
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    each.accept(record);
                }
            }
            if (moved || !records.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                throw new IllegalStateException("reading " + String.join(", ", topics) + " from "
                        + kafka.bootstrapServers() + " made no progress for " + STALL_TIMEOUT.toSeconds()
                        + " s; partitions left: " + unfinished);
            }
        }
    }
}
