package com.aybiza.cli;

import com.aybiza.events.DeadLetter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * bin/aybiza redrive: once the cause of dead letters is fixed (a tenant created, a bug deployed), sends their
 * original records back through the pipeline. The dead-letter topic stays as it is: it is the record of what was
 * refused, and a redrive that fails again adds to it rather than erasing the first refusal.
 */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {
            "Sends the original key and bytes of the selected dead letters back to their source topic (source_topic "
                    + "in the envelope), each dead letter once however often it was written, with an idempotent "
                    + "producer (acks=all). The dead-letter topic is not changed. A dead letter of a tombstone "
                    + "(no value) is skipped and counted.",
            "Redriven records are judged again by the pipeline, as records arriving now: one that still fails is "
                    + "dead-lettered again, under its new offset. An exact retry of an event already stored is "
                    + "dropped as a duplicate (event_id is the idempotency key), so redriving twice is harmless."
        })
final class RedriveCommand implements Callable<Integer> {

    /** Source order: a key's records sit in one source partition, so they go back in the order they first came. */
    private static final Comparator<DeadLetter> SOURCE_ORDER = Comparator.comparing(DeadLetter::getSourceTopic)
            .thenComparingInt(DeadLetter::getSourcePartition)
            .thenComparingLong(DeadLetter::getSourceOffset);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", required = true,
            description = "the dead-letter topic to redrive, e.g. aybiza.usage.v1.dlq")
    String topic;

    @Option(names = "--stage", description = "only dead letters of this stage, e.g. enrich")
    String stage;

    @Option(names = "--since", converter = SinceConverter.class,
            description = "only dead letters that failed at or after this time: ISO-8601 (2026-12-01T09:00:00Z) "
                    + "or a time ago (2h, 30m, 7d)")
    Instant since;

    @Option(names = "--dry-run", description = "count what would be sent, send nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        if (!DeadLetterReader.isDeadLetterTopic(topic)) {
            throw new ParameterException(spec.commandLine(), "--topic must name a dead-letter topic "
                    + "(<input topic>.dlq), got '" + topic + "'; did you mean " + topic + ".dlq?");
        }
        KafkaEndpoint endpoint = kafka.endpoint();
        if (!endpoint.missingTopics(List.of(topic)).isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist on " + endpoint.bootstrapServers());
        }
        List<DeadLetter> selected = new ArrayList<>();
        DeadLetterReader.Result result =
                new DeadLetterReader(endpoint).read(List.of(topic), this::isSelected, selected::add);
        List<DeadLetter> toSend = selected.stream().filter(letter -> letter.getOriginalValue().hasRemaining())
                .sorted(SOURCE_ORDER).toList();
        int tombstones = selected.size() - toSend.size();
        SortedSet<String> targets = toSend.stream().map(DeadLetter::getSourceTopic)
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> missingTargets = targets.isEmpty() ? List.of() : endpoint.missingTopics(targets);
        if (!missingTargets.isEmpty()) {
            throw new IllegalArgumentException("source topic " + String.join(", ", missingTargets)
                    + " does not exist on " + endpoint.bootstrapServers() + "; nothing sent");
        }
        if (!dryRun && !toSend.isEmpty()) {
            send(endpoint, toSend);
        }
        report(result, toSend.size(), tombstones, targets);
        return 0;
    }

    private void report(DeadLetterReader.Result result, int sent, int tombstones, SortedSet<String> targets) {
        PrintWriter out = spec.commandLine().getOut();
        result.notDeadLetters().forEach((t, n) -> spec.commandLine().getErr().println("redrive: " + n
                + " record(s) on " + t + " are no DeadLetter envelope (skipped)"));
        if (stage != null && result.selected() == 0 && !result.stages().isEmpty()) {
            out.println("no dead letters at stage '" + stage + "'; stages present: "
                    + String.join(", ", result.stages()));
        }
        String records = sent + (sent == 1 ? " record" : " records");
        String target = targets.isEmpty() ? topic.substring(0, topic.length() - ".dlq".length())
                : String.join(", ", targets);
        String skipped = result.repeatedCopiesText() + " skipped" + (tombstones == 0 ? ""
                : ", " + tombstones + (tombstones == 1 ? " tombstone" : " tombstones") + " skipped");
        out.println(dryRun ? "redrive (dry run): " + records + " would be sent back to " + target + " (" + skipped
                + "); nothing sent" : "redrive: " + records + " sent back to " + target + " (" + skipped + ")");
    }

    private boolean isSelected(DeadLetter letter) {
        return (stage == null || stage.equals(letter.getFailedStage()))
                && (since == null || !letter.getFailedAt().isBefore(since));
    }

    private static void send(KafkaEndpoint endpoint, List<DeadLetter> letters) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
        try (KafkaProducer<byte[], byte[]> producer = endpoint.idempotentProducer()) {
            for (DeadLetter letter : letters) {
                // No partition and no timestamp: the key picks the partition as it did for the original, and the
                // input topics stamp arrival themselves (LogAppendTime).
                acks.add(producer.send(new ProducerRecord<>(letter.getSourceTopic(),
                        bytes(letter.getOriginalKey()), bytes(letter.getOriginalValue()))));
            }
            producer.flush();
        } catch (KafkaException e) {
            throw new IllegalStateException("sending to " + endpoint.bootstrapServers() + " failed after "
                    + acks.size() + " of " + letters.size() + " records: " + e.getMessage()
                    + "; run redrive again, the pipeline drops what arrives twice", e);
        }
        long failed = 0;
        Throwable firstFailure = null;
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                failed++;
                firstFailure = firstFailure == null ? e.getCause() : firstFailure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the broker's acknowledgements", e);
            }
        }
        if (firstFailure != null) {
            throw new IllegalStateException(failed + " of " + letters.size() + " records were not acknowledged by "
                    + endpoint.bootstrapServers() + " (" + firstFailure.getMessage()
                    + "); run redrive again, the pipeline drops what arrives twice", firstFailure);
        }
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
