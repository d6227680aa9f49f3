package com.aybiza.cli;

import com.aybiza.sql.DatabaseSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * bin/aybiza local: the whole platform on this machine, on embedded defaults, until Ctrl-C or --duration; see
 * {@link LocalPlatform} for what starts and stops in which order.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {
            "Runs the whole platform on this machine: a Kafka broker, PostgreSQL 17 (migrated), a DynamoDB-compatible "
                    + "server with the live-state tables, every Flink job with its dashboard, and the generator. Prints "
                    + "the dashboard's URL, a read-only BI connection and example queries, then a status line.",
            "Ctrl-C (or the end of --duration) stops everything in order and compares what was stored with what was "
                    + "generated. The data directory stays, and the same command resumes from it."
        })
final class LocalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "data/local",
            description = "where the database, broker, tables, checkpoints and ledgers are kept (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--clean", description = "delete the data directory when the run ends")
    boolean clean;

    @Option(names = "--rate", defaultValue = "100", description = "events per second to generate (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "generate for this long, then stop, e.g. 60s, 10m (default: until Ctrl-C)")
    Duration duration;

    @Option(names = "--web-ui-port", defaultValue = "8081", description = "port of the Flink dashboard (default ${DEFAULT-VALUE})")
    int webUiPort;

    @Option(names = "--jdbc-url", description = "use this PostgreSQL (or TimescaleDB) instead of starting one; migrated "
            + "if it is empty, e.g. jdbc:postgresql://127.0.0.1:5432/aybiza?user=U&password=P")
    String jdbcUrl;

    @Option(names = "--bootstrap-servers", description = "use this Kafka instead of starting a broker, HOST:PORT")
    String bootstrapServers;

    @Option(names = "--dynamodb-endpoint", converter = EndpointConverter.class, description = "use this DynamoDB instead of starting dynalite, e.g. "
            + "http://127.0.0.1:8000 (its tables are created if missing)")
    URI dynamodbEndpoint;

    @Option(names = "--parallelism", defaultValue = "1", description = "parallel subtasks per operator (default ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--bad-ratio", defaultValue = "0.01",
            description = "share of malformed records the generator mixes in (default ${DEFAULT-VALUE})")
    double badRatio;

    @Option(names = "--refresh-interval", defaultValue = "30s", converter = DurationConverter.class,
            description = "how often the aggregate views are refreshed (default ${DEFAULT-VALUE})")
    Duration refreshInterval;

    @Option(names = "--dynalite-dir", hidden = true,
            defaultValue = "${sys:aybiza.project.dir:-.}/embedded-services/dynalite",
            description = "where the DynamoDB-compatible server's server.mjs and node_modules are")
    Path dynaliteDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LocalSettings settings;
        try {
            LocalSettings.Builder builder = LocalSettings.builder(dataDir).clean(clean).rate(rate).duration(duration)
                    .webUiPort(webUiPort).bootstrapServers(bootstrapServers).dynamodbEndpoint(dynamodbEndpoint)
                    .parallelism(parallelism).badRatio(badRatio).refreshInterval(refreshInterval);
            if (jdbcUrl != null && !jdbcUrl.isBlank()) {
                builder.database(DatabaseSettings.of(jdbcUrl));
            }
            settings = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        StopSignal stop = StopSignal.install(() -> {
            out.println();
            out.println("aybiza local: second Ctrl-C, stopping at once without the comparison");
            out.flush();
            System.exit(130);
        });
        return new LocalPlatform(settings, dynaliteDir, out, System.console() != null).run(stop);
    }
}
