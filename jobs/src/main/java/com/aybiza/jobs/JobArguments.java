package com.aybiza.jobs;

import com.aybiza.jobs.live.LiveStateSettings;
import com.aybiza.sql.DatabaseSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The program arguments of {@link PlatformJobs} on a cluster, the same names as {@code bin/aybiza jobs}:
 * {@code --bootstrap-servers HOST:PORT --jdbc-url URL [--user U] [--password P] [--parallelism N]
 * [--checkpoint-interval 10s] [--from-earliest | --from-timestamp ISO-8601] [--unknown-reference-grace 5m]
 * [--kafka-properties FILE]}.
 * Environment variables stand in for missing ones: AYBIZA_BOOTSTRAP_SERVERS, AYBIZA_JDBC_URL, AYBIZA_DB_USER,
 * AYBIZA_DB_PASSWORD (keep secrets out of program arguments, which the dashboard shows).
 */
public final class JobArguments {

    private JobArguments() {
    }

    public static JobSettings parse(String[] args) {
        return parse(args, JobSettings.DEFAULT_PARALLELISM);
    }

    /**
     * As {@link #parse(String[])}, with {@code defaultParallelism} where no {@code --parallelism} is given: on a
     * cluster, the parallelism the job was submitted with ({@code flink run -p}, the REST API's, or
     * {@code parallelism.default}).
     */
    public static JobSettings parse(String[] args, int defaultParallelism) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + name + "; arguments are --name value");
            }
            if (name.equals("--from-earliest")) {
                given.put(name, "true");
            } else if (i + 1 < args.length) {
                given.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
        }
        String bootstrap = required(given, "--bootstrap-servers", "AYBIZA_BOOTSTRAP_SERVERS");
        DatabaseSettings database = new DatabaseSettings(required(given, "--jdbc-url", "AYBIZA_JDBC_URL"),
                optional(given, "--user", "AYBIZA_DB_USER"), optional(given, "--password", "AYBIZA_DB_PASSWORD"));
        JobSettings.Builder settings = JobSettings.builder(bootstrap, database);
        settings.parallelism(given.containsKey("--parallelism") ? Integer.parseInt(given.get("--parallelism"))
                : defaultParallelism);
        if (given.containsKey("--checkpoint-interval")) {
            settings.checkpointInterval(duration(given.get("--checkpoint-interval")));
        }
        if (given.containsKey("--from-earliest") && given.containsKey("--from-timestamp")) {
            throw new IllegalArgumentException("--from-earliest and --from-timestamp exclude each other");
        }
        if (given.containsKey("--from-earliest")) {
            settings.startFrom(JobSettings.StartFrom.earliest());
        }
        if (given.containsKey("--from-timestamp")) {
            try {
                settings.startFrom(JobSettings.StartFrom.timestamp(Instant.parse(given.get("--from-timestamp"))));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--from-timestamp expects an ISO-8601 instant such as "
                        + "2026-12-01T09:00:00Z, got " + given.get("--from-timestamp"));
            }
        }
        if (given.containsKey("--unknown-reference-grace")) {
            settings.referenceData(com.aybiza.jobs.enrich.ReferenceDataSettings.of(database)
                    .withUnknownReferenceGrace(duration(given.get("--unknown-reference-grace"))));
        }
        if (given.containsKey("--kafka-properties")) {
            settings.kafkaProperties(kafkaProperties(Path.of(given.get("--kafka-properties"))));
        }
        String dynamodb = optional(given, "--dynamodb-endpoint", "AYBIZA_DYNAMODB_ENDPOINT");
        if (dynamodb != null) {
            settings.liveState(LiveStateSettings.at(URI.create(dynamodb)));
        }
        return settings.build();
    }

    /** A Kafka client properties file (security.protocol, SASL, trust store ...), for every client of the jobs. */
    public static Map<String, String> kafkaProperties(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the Kafka properties file " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new HashMap<>();
        props.forEach((k, v) -> map.put(k.toString(), v.toString()));
        return map;
    }

    /** 500ms, 10s, 5m, 1h, or an ISO-8601 duration. */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.parse(text);
            };
        } catch (RuntimeException e) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException p) {
                throw new IllegalArgumentException("expected a duration such as 500ms, 10s, 5m or 1h, got " + text);
            }
        }
    }

    private static String required(Map<String, String> given, String name, String env) {
        String value = optional(given, name, env);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name + " (or environment variable " + env + ")");
        }
        return value;
    }

    private static String optional(Map<String, String> given, String name, String env) {
        String value = given.get(name);
        return value != null ? value : System.getenv(env);
    }
}
