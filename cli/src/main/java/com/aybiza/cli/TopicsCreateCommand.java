package com.aybiza.cli;

import com.aybiza.generator.TopicSetup;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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

    private static final short DEFAULT_REPLICAS = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--partitions", defaultValue = "8",
            description = "partitions per new topic: at least the jobs' parallelism (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--replication-factor",
            description = "replicas per new topic (default 3, or the number of brokers where there are fewer)")
    Short replicationFactor;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor != null && replicationFactor < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--replication-factor must be at least 1, got " + replicationFactor);
        }
        KafkaEndpoint endpoint = kafka.endpoint();
        endpoint.requireReachable();
        TopicSetup.Outcome outcome;
        short replicas;
        try (Admin admin = endpoint.admin()) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            // Three copies where the cluster has them; a one-broker cluster (a laptop, a test) gets what it can hold.
            replicas = replicationFactor != null ? replicationFactor : (short) Math.min(DEFAULT_REPLICAS, brokers);
            if (replicas > brokers) {
                throw new ParameterException(spec.commandLine(), "--replication-factor " + replicas + " needs "
                        + replicas + " brokers; the cluster at " + endpoint.bootstrapServers() + " has " + brokers);
            }
            outcome = TopicSetup.apply(admin, partitions, replicas);
        }
        PrintWriter out = spec.commandLine().getOut();
        outcome.created().forEach(topic -> out.printf("%-32s created (%d partitions, %d replicas)%n", topic,
                partitions, replicas));
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
