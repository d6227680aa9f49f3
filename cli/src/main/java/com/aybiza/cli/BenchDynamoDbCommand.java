package com.aybiza.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * bin/aybiza bench-dynamodb: how fast live state is written to DynamoDB by Flink's connector, for the batching and
 * in-flight settings worth comparing; the jobs use the first.
 */
@Command(name = "bench-dynamodb", mixinStandardHelpOptions = true,
        description = "Measures live-state writes to DynamoDB through Flink's connector (one sink subtask) for a few "
                + "batching and in-flight settings, and prints items/s for each; the jobs use the first.")
final class BenchDynamoDbCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--endpoint", required = true, converter = EndpointConverter.class, defaultValue = "${env:AYBIZA_DYNAMODB_ENDPOINT}",
            description = "the DynamoDB endpoint, e.g. http://127.0.0.1:8000 (env AYBIZA_DYNAMODB_ENDPOINT)")
    URI endpoint;

    @Option(names = "--items", defaultValue = "20000", description = "items per setting (default ${DEFAULT-VALUE})")
    int items;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LiveWriteBenchmark bench = new LiveWriteBenchmark(endpoint, items);
        out.printf("bench-dynamodb: %,d RealtimeCallState items per setting, one sink subtask, at %s%n", items,
                endpoint);
        out.flush();
        int[][] settings = {{25, 1, 200}, {25, 4, 200}, {10, 1, 200}, {25, 1, 20}};
        for (int[] s : settings) {
            LiveWriteBenchmark.Figure f = bench.run(s[0], s[1], Duration.ofMillis(s[2]));
            out.printf("  %-34s %,8d items in %6.2f s  %,8.0f items/s%n", f.setting(), f.items(), f.seconds(),
                    f.itemsPerSecond());
            out.flush();
        }
        return 0;
    }
}
