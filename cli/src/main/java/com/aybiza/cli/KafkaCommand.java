package com.aybiza.cli;

import com.aybiza.embedded.KafkaBroker;
import com.aybiza.embedded.KafkaBrokerOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** bin/aybiza kafka: a real single-node Kafka broker on this machine, until Ctrl-C; for local runs and benchmarks. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Runs a single-node Apache Kafka broker (KRaft) on 127.0.0.1 until interrupted (Ctrl-C).")
final class KafkaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", description = "client port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", description = "keep the broker's data here across runs (default: a temporary directory, removed on exit)")
    Path dataDir;

    @Option(names = "--heap-mb", defaultValue = "1024", description = "broker heap in MiB (default ${DEFAULT-VALUE})")
    int heapMb;

    @Override
    public Integer call() throws Exception {
        KafkaBrokerOptions.Builder options = KafkaBroker.builder().port(port).heapMb(heapMb);
        if (dataDir != null) {
            options.workDir(dataDir);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaBroker broker = KafkaBroker.start(options.build())) {
            out.printf("kafka: ready at %s (started in %.1f s); Ctrl-C stops it%n", broker.bootstrapServers(),
                    broker.startupTime().toMillis() / 1000.0);
            out.flush();
            LocalService.runUntilInterrupted(broker, "kafka");
        }
        return 0;
    }
}
