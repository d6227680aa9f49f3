package com.aybiza.cli;

import picocli.CommandLine.Option;

/** Where the Kafka cluster is, for the commands that read or write its topics. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", required = true, defaultValue = "${env:AYBIZA_BOOTSTRAP_SERVERS}",
            description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT] (env AYBIZA_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    KafkaEndpoint endpoint() {
        return new KafkaEndpoint(bootstrapServers);
    }
}
