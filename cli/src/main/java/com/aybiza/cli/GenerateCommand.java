package com.aybiza.cli;

import com.aybiza.generator.EventGenerator;
import com.aybiza.generator.GeneratorSettings;
import com.aybiza.generator.Ledger;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** bin/aybiza generate: plays the voice edge against a Kafka cluster and prints the ledger of what it wrote. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {
            "Writes realistic voice-edge traffic to the four input topics (creating them if missing): calls with their "
                    + "turns, tool executions, the usage they bill, security events with bursts; optionally malformed "
                    + "records. Ends with a ledger of everything written.",
            "With --rate N it covers --duration of event time, and the same settings always write the same records; "
                    + "with --rate max it writes as fast as the broker takes for --duration of wall time, never an "
                    + "event whose event time the wall clock has not reached yet."
        })
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--rate", defaultValue = "1000",
            description = "events per second to hold, or 'max' (default ${DEFAULT-VALUE})")
    String rate;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "how long to run, e.g. 10s, 5m (default ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--tenants", defaultValue = "20", description = "tenants to invent (default ${DEFAULT-VALUE})")
    int tenants;

    @Option(names = "--agents", defaultValue = "100", description = "agents to invent (default ${DEFAULT-VALUE})")
    int agents;

    @Option(names = "--seed", defaultValue = "42", description = "random seed: same seed, same data (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--bad-ratio", defaultValue = "0",
            description = "share of malformed records to mix in, e.g. 0.01 (default ${DEFAULT-VALUE})")
    double badRatio;

    @Option(names = "--start", converter = TimeConverter.class,
            description = "event time of the run's start, ISO-8601, e.g. 2026-12-01T09:00:00Z (default: now)")
    Instant start;

    @Option(names = "--mean-call-seconds", defaultValue = "60",
            description = "mean talk time of an answered call (default ${DEFAULT-VALUE})")
    double meanCallSeconds;

    @Option(names = "--ledger", description = "also write the ledger as JSON to this file")
    Path ledger;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        KafkaEndpoint endpoint = kafka.endpoint();
        if (ledger != null) {
            // Checked before the run, not found out after it: the ledger is the one thing a long run is for.
            WritableFile.require(spec.commandLine(), "--ledger", ledger);
        }
        GeneratorSettings settings;
        try {
            settings = new GeneratorSettings(endpoint.bootstrapServers(), parseRate(), duration, tenants, agents, seed, badRatio,
                    start != null ? start : Instant.now().truncatedTo(ChronoUnit.SECONDS), meanCallSeconds,
                    Optional.ofNullable(ledger), database.given() ? Optional.of(database.settings()) : Optional.empty(),
                    EventGenerator.defaultProgressInterval()).withKafkaProperties(endpoint.clientProperties());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        // The generator's own Kafka clients would wait a minute for an absent broker, logging a warning per attempt.
        endpoint.requireReachable();
        Ledger result = new EventGenerator(settings, out).run();
        result.print(out);
        if (ledger != null) {
            result.writeJson(ledger, settings);
            out.println("ledger written to " + ledger);
        }
        return 0;
    }

    private OptionalDouble parseRate() {
        if ("max".equalsIgnoreCase(rate.trim())) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(rate.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rate must be a number of events per second or 'max', got '" + rate + "'");
        }
    }
}
