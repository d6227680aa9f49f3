package com.aybiza.cli;

import com.aybiza.jobs.JobArguments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the Kafka cluster is, how to log in to it and how long to wait for it, for every command that reads or writes
 * its topics (generate, jobs, topics, dead-letters, redrive): one option set, so a secured cluster is reached the same
 * way by all of them. Secrets (SASL JAAS config, trust store passwords) come from --kafka-properties, a file, never
 * from the command line, which `ps` and shell histories show.
 */
final class KafkaOptions {

    static final String ENV = "AYBIZA_BOOTSTRAP_SERVERS";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    // Not `required = true`: picocli's own message for a missing option cannot say that the variable would do too.
    @Option(names = "--bootstrap-servers", defaultValue = "${env:" + ENV + "}",
            description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT] (env " + ENV + ")")
    String bootstrapServers;

    @Option(names = "--kafka-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "how long to wait for Kafka before giving up, e.g. 10s, 1m (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--kafka-properties",
            description = "Kafka client properties file, applied to every client of this command: "
                    + "security.protocol=SASL_SSL, sasl.mechanism, sasl.jaas.config, ssl.truststore.location, ...")
    Path kafkaProperties;

    /** The bootstrap servers given on the command line or in the environment; a clear error if neither. */
    String bootstrapServers() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option: '--bootstrap-servers' (or set " + ENV + ")");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--kafka-timeout must be positive, got " + timeout);
        }
        return bootstrapServers.trim();
    }

    /** --kafka-timeout, for the commands whose Kafka clients are built elsewhere (jobs). */
    Duration timeout() {
        return timeout;
    }

    /** The settings of --kafka-properties, or none; an unreadable file is a usage error naming it. */
    Map<String, String> clientProperties() {
        if (kafkaProperties == null) {
            return Map.of();
        }
        try {
            return JobArguments.kafkaProperties(kafkaProperties);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--kafka-properties: " + e.getMessage(), e);
        }
    }

    KafkaEndpoint endpoint() {
        return new KafkaEndpoint(bootstrapServers(), timeout, clientProperties());
    }
}
