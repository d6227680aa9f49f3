package com.aybiza.cli;

import com.aybiza.generator.TopicSetup;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * bin/aybiza topics create: the five input topics and their dead-letter topics on a real cluster, with the contract's
 * retention and LogAppendTime (the definitions are {@link TopicSetup}'s, which the generator uses too). Existing
 * topics are left alone and reported; one whose settings differ from the contract's is named, and one that does not
 * stamp records on arrival fails the command, because the jobs refuse to read it.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {
            "Creates the platform's input topics and their dead-letter topics (<topic>.dlq) with the contract's "
                    + "retention and message.timestamp.type=LogAppendTime. Topics that exist are left as they are and "
                    + "reported, with any setting that differs from the contract's.",
            "Exit code 1 when an input topic exists without LogAppendTime: the jobs will not read it."
        })
final class TopicsCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--partitions", defaultValue = "8",
            description = "partitions per new topic: at least the jobs' parallelism (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "3",
            description = "replicas per new topic (default ${DEFAULT-VALUE})")
    short replicationFactor;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--replication-factor must be at least 1, got " + replicationFactor);
        }
        KafkaEndpoint endpoint = kafka.endpoint();
        endpoint.requireReachable();
        TopicSetup.Outcome outcome;
        try (Admin admin = endpoint.admin()) {
            outcome = TopicSetup.apply(admin, partitions, replicationFactor);
        }
        PrintWriter out = spec.commandLine().getOut();
        outcome.created().forEach(topic -> out.printf("%-32s created (%d partitions, %d replicas)%n", topic,
                partitions, replicationFactor));
        for (String topic : outcome.existing()) {
            List<String> differs = outcome.differences().getOrDefault(topic, List.of());
            out.printf("%-32s exists%s%n", topic, differs.isEmpty() ? "" : ", differs: " + String.join("; ", differs));
        }
        List<String> refused = outcome.wrongTimestampType();
        if (!refused.isEmpty()) {
            spec.commandLine().getErr().println("topics create: the jobs will not read " + String.join(", ", refused)
                    + " without message.timestamp.type=LogAppendTime; set it with kafka-configs.sh --alter "
                    + "--entity-type topics --entity-name TOPIC --add-config message.timestamp.type=LogAppendTime");
            return 1;
        }
        out.printf("topics create: %d created, %d existed, at %s%n", outcome.created().size(),
                outcome.existing().size(), endpoint.bootstrapServers());
        return 0;
    }
}
