package com.aybiza.cli;

import com.aybiza.embedded.DynaliteServer;
import com.aybiza.embedded.KafkaBroker;
import com.aybiza.embedded.internal.FreePorts;
import com.aybiza.generator.EventGenerator;
import com.aybiza.generator.GeneratorSettings;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.PlatformJobs;
import com.aybiza.jobs.enrich.ReferenceDataSettings;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.jobs.live.LiveStateSettings;
import com.aybiza.jobs.live.LiveTables;
import com.aybiza.sql.AggregateRefresher;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.SchemaMigrator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * bin/aybiza local from start to stop: PostgreSQL (migrated), Kafka, the DynamoDB-compatible server and its tables,
 * reference data, the jobs on a local Flink, the aggregate refresh and the generator, each started only when the
 * previous one is ready; then, on Ctrl-C or at the end of --duration, the reverse: traffic off, the jobs allowed to
 * catch up, the comparison with the ledger, jobs stopped, services stopped. Whatever started is stopped, also when a
 * later step fails.
 */
final class LocalPlatform {

    /** How long an event of an unknown tenant waits for its reference data: short, so a run's dead letters show. */
    private static final Duration UNKNOWN_REFERENCE_GRACE = Duration.ofSeconds(10);
    /** No difference moved for this long: the jobs have done all they will (above the 30 s of call_analytics). */
    private static final Duration SETTLE = Duration.ofSeconds(45);
    private static final Duration UNBOUNDED = Duration.ofDays(3650);

    private final LocalSettings settings;
    private final Path dynaliteInstall;
    private final PrintWriter out;
    private final boolean terminal;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    LocalPlatform(LocalSettings settings, Path dynaliteInstall, PrintWriter out, boolean terminal) {
        this.settings = settings;
        this.dynaliteInstall = dynaliteInstall;
        this.out = out;
        this.terminal = terminal;
    }

    /** Runs until {@code stop} or the end of --duration; returns 0 when the final comparison agrees, 1 otherwise. */
    int run(StopSignal stop) throws Exception {
        if (settings.dynamodbEndpoint().isEmpty()) {
            Prerequisites.requireNode();
        }
        // Checked before anything starts: finding it taken after a minute of start-up would waste that minute.
        FreePorts.requireFree(settings.webUiPort(), "--web-ui-port");
        LocalDataDirectory dataDir = LocalDataDirectory.open(settings.dataDir());
        boolean agreed = false;
        try {
            agreed = runIn(dataDir, stop);
        } finally {
            stopAll();
            dataDir.close(settings.clean());
            say(settings.clean() ? "data directory " + dataDir.root() + " deleted (--clean)"
                    : "data kept in " + dataDir.root() + " (the same command resumes from it; --clean deletes it)");
        }
        return agreed ? 0 : 1;
    }

    private boolean runIn(LocalDataDirectory dataDir, StopSignal stop) throws Exception {
        out.println("aybiza local: starting the platform on this machine (data in " + dataDir.root() + ")");
        out.flush();
        DatabaseSettings database = startDatabase(dataDir);
        say("schema: " + new SchemaMigrator(database).migrate());
        BiReaderLogin.Location bi = BiReaderLogin.Location.of(database);
        BiReaderLogin.ensure(database);
        String bootstrapServers = startKafka(dataDir);
        URI dynamodb = startDynamoDb(dataDir);
        LiveStateSettings liveState = LiveStateSettings.at(dynamodb);
        DynamoDbClient dynamo = liveState.client();
        started.push(dynamo);
        for (LiveTables.Outcome outcome : LiveTables.create(dynamo)) {
            say("dynamodb: " + outcome.table() + " " + (outcome.created() ? "created" : "exists"));
        }

        // Reference data and topics first: the jobs refuse topics that are missing or stamped by the producer.
        StringWriter generatorSays = new StringWriter();
        new EventGenerator(generatorSettings(bootstrapServers, database, Instant.now()),
                new PrintWriter(generatorSays, true)).prepare();
        generatorSays.toString().lines().filter(l -> l.startsWith("reference data")).forEach(this::say);

        JobSettings jobSettings = JobSettings.builder(bootstrapServers, database)
                .parallelism(settings.parallelism()).checkpointInterval(settings.checkpointInterval())
                .consumerGroup("aybiza-local")
                .referenceData(ReferenceDataSettings.of(database).withUnknownReferenceGrace(UNKNOWN_REFERENCE_GRACE))
                .liveState(liveState).build();
        InputTopics.requireLogAppendTime(bootstrapServers, Map.of(), PlatformJobs.INPUT_TOPICS, 10);
        LocalJobs jobs = LocalJobs.start(jobSettings, dataDir.jobs(), settings.webUiPort(), out);
        started.push(jobs);
        awaitRunning(jobs);

        AggregateSchedule aggregates = new AggregateSchedule(new AggregateRefresher(database),
                settings.refreshInterval());
        started.push(aggregates);

        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        GeneratorSettings trafficSettings = generatorSettings(bootstrapServers, database, start);
        LocalTraffic traffic = LocalTraffic.start(new EventGenerator(trafficSettings, new PrintWriter(
                new StringWriter())), trafficSettings);
        printBanner(jobs, bi);

        try (StatusLine status = new StatusLine(traffic::recordsWritten, database, bootstrapServers,
                Optional.of(dynamo), jobs::status, terminal)) {
            showExamples(stop, traffic, aggregates, bi, database);
            while (!stop.await(settings.statusInterval()) && !traffic.finished()) {
                status.update(out);
            }
            status.finish(out);
        }

        say(stop.requested() ? "stopping: Ctrl-C (or SIGTERM)" : "stopping: --duration reached");
        Path ledgerFile = traffic.stopAndWriteLedger(dataDir.ledgers().resolve("ledger-" + start.toString()
                .replace(':', '-') + ".json"), Duration.ofSeconds(60));
        say("generator stopped; its ledger: " + ledgerFile);
        say("waiting for the jobs to catch up (rows, dead letters, call analytics written 30 s after a call ends) ...");
        Reconciliation result = new CatchUp(database, bootstrapServers, SETTLE, settings.catchUpTimeout())
                .await(new ObjectMapper().readTree(ledgerFile.toFile()));
        started.remove(jobs);
        jobs.close();
        say("jobs stopped (their last checkpoint is in " + dataDir.jobs() + ")");
        started.remove(aggregates);
        aggregates.close();
        aggregates.refreshNow();
        say("aggregate views refreshed");
        out.println();
        out.println("what was stored, against what was generated (bin/aybiza reconcile):");
        result.print(out);
        out.flush();
        return result.ok();
    }

    private DatabaseSettings startDatabase(LocalDataDirectory dataDir) throws Exception {
        if (settings.database().isPresent()) {
            say("postgres: using " + settings.database().get());
            return settings.database().get();
        }
        LocalPostgres postgres = LocalPostgres.start(dataDir.postgres(), 0);
        started.push(postgres);
        say("postgres: PostgreSQL " + LocalDataDirectory.POSTGRES_MAJOR + " at 127.0.0.1:" + postgres.port());
        return postgres.owner();
    }

    private String startKafka(LocalDataDirectory dataDir) throws Exception {
        if (settings.bootstrapServers().isPresent()) {
            new KafkaEndpoint(settings.bootstrapServers().get(), Duration.ofSeconds(10)).requireReachable();
            say("kafka: using " + settings.bootstrapServers().get());
            return settings.bootstrapServers().get();
        }
        KafkaBroker broker = KafkaBroker.builder().workDir(dataDir.kafka()).heapMb(512).start();
        started.push(broker);
        say("kafka: ready at " + broker.bootstrapServers());
        return broker.bootstrapServers();
    }

    private URI startDynamoDb(LocalDataDirectory dataDir) throws Exception {
        if (settings.dynamodbEndpoint().isPresent()) {
            say("dynamodb: using " + settings.dynamodbEndpoint().get());
            return settings.dynamodbEndpoint().get();
        }
        DynaliteServer server = DynaliteServer.start(dynaliteInstall, 0, Optional.of(dataDir.dynamodb()),
                Duration.ofMillis(500));
        started.push(server);
        say("dynamodb: DynamoDB-compatible server (dynalite) at " + server.endpoint());
        return server.endpoint();
    }

    private GeneratorSettings generatorSettings(String bootstrapServers, DatabaseSettings database, Instant start) {
        return new GeneratorSettings(bootstrapServers, OptionalDouble.of(settings.rate()),
                settings.duration().orElse(UNBOUNDED), settings.tenants(), settings.agents(), settings.seed(),
                settings.badRatio(), start, 60, Optional.empty(), Optional.of(database), UNBOUNDED);
    }

    private void awaitRunning(LocalJobs jobs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!jobs.status().equals("RUNNING")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the jobs did not reach RUNNING within 2 minutes (they are "
                        + jobs.status() + "); see logs/aybiza.log");
            }
            Thread.sleep(500);
        }
    }

    private void printBanner(LocalJobs jobs, BiReaderLogin.Location bi) {
        out.println();
        out.println("The platform is up. Generating " + (int) settings.rate() + " events/s "
                + settings.duration().map(d -> "for " + d.toSeconds() + " s").orElse("until Ctrl-C") + ".");
        out.println("  Flink dashboard  " + jobs.dashboard());
        out.println("  BI (read-only, role bi_reader)");
        out.println("    JDBC URL       " + bi.jdbcUrl());
        out.println("    psql           " + bi.psql());
        if (settings.database().isPresent()) {
            // The login is made without a password: a server that asks for one refuses it until its owner sets one.
            out.println("    (a server that asks for passwords lets " + BiReaderLogin.USER + " in once its owner runs "
                    + "ALTER ROLE " + BiReaderLogin.USER + " PASSWORD '...')");
        }
        out.println("  aggregate views refreshed every " + settings.refreshInterval().toSeconds() + " s");
        out.println("  Ctrl-C stops everything in order and compares what was stored with what was generated.");
        out.flush();
    }

    /** The example queries once there is something to show: after the first rows, and a refresh. */
    private void showExamples(StopSignal stop, LocalTraffic traffic, AggregateSchedule aggregates,
                              BiReaderLogin.Location bi, DatabaseSettings owner) throws Exception {
        // Calls take a while to end and checkpoints commit rows: a short wait makes the first answers worth reading.
        if (stop.await(Duration.ofSeconds(20)) || traffic.finished()) {
            return;
        }
        aggregates.refreshNow();
        out.println();
        // Local's own server trusts this machine, so the examples run as the BI login and show that bi_reader
        // suffices. A server given with --jdbc-url may ask for a password, which the login just made has not got:
        // as the BI login there, local stopped here. Its owner reads the same views.
        if (settings.database().isEmpty()) {
            out.println("Example queries on the aggregate views (as bi_reader; the same psql line runs them):");
            BiExampleQueries.print(bi.settings(), out);
        } else {
            out.println("Example queries on the aggregate views (as the --jdbc-url login; so does the psql line):");
            BiExampleQueries.print(owner, out);
        }
        out.println();
        out.flush();
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static String describe(AutoCloseable service) {
        if (service instanceof LocalPostgres) {
            return "postgres";
        } else if (service instanceof KafkaBroker) {
            return "kafka";
        } else if (service instanceof DynaliteServer) {
            return "dynamodb";
        } else if (service instanceof LocalJobs) {
            return "jobs";
        }
        return "aggregate refresh";
    }

    /** Stops whatever is still running, the last started first. */
    private void stopAll() {
        while (!started.isEmpty()) {
            AutoCloseable service = started.pop();
            try {
                service.close();
                if (!(service instanceof DynamoDbClient)) {
                    out.println("stopped " + describe(service));
                }
            } catch (Exception e) {
                out.println("while stopping " + service.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        out.flush();
    }
}
