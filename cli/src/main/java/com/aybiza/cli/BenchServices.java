package com.aybiza.cli;

import com.aybiza.embedded.KafkaBroker;
import com.aybiza.embedded.internal.WorkDirs;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.SchemaMigrator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The database (migrated) and the broker a bench run measures against: the ones given (--jdbc-url,
 * --bootstrap-servers), or started here as bin/aybiza local starts them (PostgreSQL 17 from zonky's binaries, a KRaft
 * broker in a child JVM), in a scratch folder that is deleted when the run ends. Started services are stopped in
 * reverse order.
 */
final class BenchServices implements AutoCloseable {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Path scratch;
    private DatabaseSettings database;
    private String bootstrapServers;

    private BenchServices(Path scratch) {
        this.scratch = scratch;
    }

    static BenchServices start(Optional<DatabaseSettings> givenDatabase, Optional<String> givenKafka,
                               PrintWriter out) throws Exception {
        BenchServices services = new BenchServices(Files.createTempDirectory("aybiza-bench-"));
        // The broker's JVM starts while PostgreSQL starts and is migrated: on two cores that saves seconds of a run.
        CompletableFuture<Void> kafka = CompletableFuture.runAsync(() -> services.startKafka(givenKafka, out));
        try {
            services.startDatabase(givenDatabase, out);
            say(out, "schema: " + new SchemaMigrator(services.database).migrate());
            join(kafka);
            return services;
        } catch (Exception | Error e) {
            kafka.handle((done, failed) -> null).join();
            services.close();
            throw e;
        }
    }

    private static void join(CompletableFuture<Void> started) throws Exception {
        try {
            started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void startDatabase(Optional<DatabaseSettings> given, PrintWriter out) throws Exception {
        if (given.isPresent()) {
            database = given.get();
            say(out, "postgres: using " + database);
            return;
        }
        LocalPostgres postgres = LocalPostgres.start(scratch.resolve("postgres"), 0);
        synchronized (started) {
            started.push(postgres);
        }
        database = postgres.owner();
        say(out, "postgres: embedded PostgreSQL " + LocalDataDirectory.POSTGRES_MAJOR + " at 127.0.0.1:"
                + postgres.port());
    }

    private void startKafka(Optional<String> given, PrintWriter out) {
        try {
            if (given.isPresent()) {
                new KafkaEndpoint(given.get(), Duration.ofSeconds(10)).requireReachable();
                bootstrapServers = given.get();
                say(out, "kafka: using " + bootstrapServers);
                return;
            }
            KafkaBroker broker = KafkaBroker.builder().workDir(scratch.resolve("kafka")).heapMb(512).start();
            synchronized (started) {
                started.push(broker);
            }
            bootstrapServers = broker.bootstrapServers();
            say(out, "kafka: embedded broker (child JVM) at " + bootstrapServers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka", e);
        }
    }

    DatabaseSettings database() {
        return database;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** A folder for the run's own files (checkpoints), deleted with the rest. */
    Path scratch() {
        return scratch;
    }

    @Override
    public void close() {
        while (true) {
            AutoCloseable service;
            synchronized (started) {
                if (started.isEmpty()) {
                    break;
                }
                service = started.pop();
            }
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("bench: while stopping a service: " + e.getMessage());
            }
        }
        WorkDirs.deleteRecursively(scratch);
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
