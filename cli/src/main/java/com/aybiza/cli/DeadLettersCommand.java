package com.aybiza.cli;

import com.aybiza.events.EventTopic;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * bin/aybiza dead-letters: what the pipeline refused and why, for the operator deciding what to fix and what to
 * redrive. It only reads: no consumer group, no commits.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = {
            "Lists the dead letters on the dead-letter topics (<input topic>.dlq): stage, reason, the source record "
                    + "(topic/partition/offset) and when it failed, newest last, then a count by stage and reason.",
            "Reads each topic from its start to the end it has when the command starts. The pipeline may write a "
                    + "dead letter more than once (after a crash); copies about the same source record are shown "
                    + "once and counted."
        })
final class DeadLettersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", description = "one dead-letter topic, e.g. aybiza.usage.v1.dlq (default: all four)")
    String topic;

    @Option(names = "--stage",
            description = "only dead letters of this stage: deserialize, validate, enrich, deduplicate")
    String stage;

    @Option(names = "--limit", defaultValue = "50",
            description = "print at most the newest N (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must be 0 or more, got " + limit);
        }
        if (topic != null && !DeadLetterReader.isDeadLetterTopic(topic)) {
            throw new ParameterException(spec.commandLine(), "--topic must name a dead-letter topic "
                    + "(<input topic>.dlq), got '" + topic + "'; did you mean " + EventTopic.deadLetterTopicOf(topic)
                    + "?");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KafkaEndpoint endpoint = kafka.endpoint();
        List<String> topics = new ArrayList<>(topic != null ? List.of(topic)
                : Arrays.stream(EventTopic.values()).map(EventTopic::deadLetterTopicName).toList());
        List<String> missing = endpoint.missingTopics(topics);
        if (topic != null && !missing.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist on " + endpoint.bootstrapServers());
        }
        // A cluster the pipeline has not run on yet may lack some twins; the others are still worth listing.
        missing.forEach(t -> err.println("dead-letters: no topic " + t + " on " + endpoint.bootstrapServers()
                + " (skipped)"));
        topics.removeAll(missing);

        DeadLetterTable table = new DeadLetterTable(limit);
        DeadLetterReader.Result result = new DeadLetterReader(endpoint)
                .read(topics, letter -> stage == null || stage.equals(letter.getFailedStage()), table::add);

        table.printRows(out);
        table.printSummary(out);
        result.notDeadLetters().forEach((t, n) -> err.println("dead-letters: " + n + " record(s) on " + t
                + " are no DeadLetter envelope (skipped)"));
        if (stage != null && result.selected() == 0 && !result.stages().isEmpty()) {
            out.println("no dead letters at stage '" + stage + "'; stages present: "
                    + String.join(", ", result.stages()));
        }
        out.printf("dead letters: %d shown of %d%s, %s ignored%n", table.shown(), result.selected(),
                stage == null ? "" : " (stage=" + stage + ")", result.repeatedCopiesText());
        return 0;
    }
}
