package com.aybiza.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the Kafka cluster is, and how long to wait for it, for the commands that read or write its topics. */
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

    KafkaEndpoint endpoint() {
        return new KafkaEndpoint(bootstrapServers(), timeout);
    }
}
