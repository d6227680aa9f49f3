package com.aybiza.cli;

import com.aybiza.events.EventTopic;
import com.aybiza.jobs.PlatformJobs;
import com.aybiza.jobs.live.LiveTables;
import com.aybiza.sql.DatabaseSettings;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The one line bin/aybiza local keeps up to date while it runs: events produced and rows stored per second, records
 * dead-lettered, calls live in DynamoDB, and the state of each Flink job. On a terminal it rewrites itself in place;
 * into a file or a pipe it prints a line every {@value #LINES_EVERY} updates instead, so a log stays readable.
 */
final class StatusLine implements AutoCloseable {

    static final int LINES_EVERY = 5;

    /** The tables the jobs write, whose inserted rows (partitions included) are "stored", with the job writing each. */
    private static final Map<String, String> JOB_OF_TABLE = Stream.concat(PlatformJobs.STORED_TABLES.stream(),
                    PlatformJobs.UNRECONCILED_TABLES.stream())
            .collect(Collectors.toMap(PlatformJobs.StoredTable::name, PlatformJobs.StoredTable::job, (a, b) -> a,
                    LinkedHashMap::new));
    /** The jobs, in the order the line shows them. */
    private static final List<String> JOBS = JOB_OF_TABLE.values().stream().distinct().toList();

    private final LongSupplier produced;
    private final DatabaseSettings database;
    private final Admin kafka;
    private final Optional<DynamoDbClient> dynamo;
    private final Supplier<String> jobs;
    private final boolean inPlace;
    private long lastProduced;
    private Map<String, Long> lastStored = Map.of();
    private long lastNanos = System.nanoTime();
    private int updates;

    StatusLine(LongSupplier produced, DatabaseSettings database, String bootstrapServers,
               Optional<DynamoDbClient> dynamo, Supplier<String> jobs, boolean inPlace) {
        this.produced = produced;
        this.database = database;
        this.kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.dynamo = dynamo;
        this.jobs = jobs;
        this.inPlace = inPlace;
    }

    /** Measures and prints (or, off a terminal, prints every few updates). */
    void update(PrintWriter out) {
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - lastNanos) / 1e9);
        long producedNow = produced.getAsLong();
        Map<String, Long> storedNow = storedRowsPerJob();
        String line = String.format("produced %,.0f/s (%,d)  stored %s  dead-lettered %s  live calls %s  jobs: %s %s",
                (producedNow - lastProduced) / seconds, producedNow, storedRates(lastStored, storedNow, seconds),
                deadLettered(), liveCalls(), PlatformJobs.JOB_NAME, jobs.get());
        lastProduced = producedNow;
        lastStored = storedNow;
        lastNanos = now;
        if (inPlace) {
            out.print("\r" + line + "\u001b[K"); // erase what a longer previous line left
            out.flush();
        } else if (updates++ % LINES_EVERY == 0) {
            out.println(line);
            out.flush();
        }
    }

    /**
     * "N rows/s (UsageMeteringJob n, CallAnalyticsJob n, ...)": rows stored per second since the last update, in all
     * and by the job that wrote them; dashes before there are two readings to compare.
     */
    static String storedRates(Map<String, Long> before, Map<String, Long> now, double seconds) {
        boolean known = !before.isEmpty() && !now.isEmpty();
        StringBuilder perJob = new StringBuilder();
        long total = 0;
        for (String job : JOBS) {
            long rows = known ? now.getOrDefault(job, 0L) - before.getOrDefault(job, 0L) : 0;
            total += rows;
            perJob.append(perJob.isEmpty() ? "" : ", ").append(job).append(' ')
                    .append(known ? String.format("%,.0f", rows / seconds) : "-");
        }
        return (known ? String.format("%,.0f", total / seconds) : "-") + " rows/s (" + perJob + ")";
    }

    /** Rows inserted into each job's tables (and their partitions) since the statistics began; empty if unknown. */
    private Map<String, Long> storedRowsPerJob() {
        try (Connection c = database.open();
             PreparedStatement st = c.prepareStatement("SELECT n.nspname || '.' || t.relname, sum(s.n_tup_ins) "
                     + "FROM pg_stat_user_tables s LEFT JOIN pg_inherits i ON i.inhrelid = s.relid "
                     + "JOIN pg_class t ON t.oid = coalesce(i.inhparent, s.relid) "
                     + "JOIN pg_namespace n ON n.oid = t.relnamespace "
                     + "WHERE s.relid = ANY (?::regclass[]) OR i.inhparent = ANY (?::regclass[]) GROUP BY 1")) {
            java.sql.Array tables = c.createArrayOf("text", JOB_OF_TABLE.keySet().toArray());
            st.setArray(1, tables);
            st.setArray(2, tables);
            Map<String, Long> rows = new HashMap<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.merge(JOB_OF_TABLE.get(rs.getString(1)), rs.getLong(2), Long::sum);
                }
            }
            return rows;
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** Ends the in-place line, so that what follows starts on a line of its own. */
    void finish(PrintWriter out) {
        if (inPlace) {
            out.println();
            out.flush();
        }
    }

    /** Records in the dead-letter topics (all runs'), or "?" when Kafka does not answer in time. */
    private String deadLettered() {
        try {
            List<String> topics = PlatformJobs.INPUT_TOPICS.stream().map(EventTopic::deadLetterTopicName).toList();
            Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
            Map<TopicPartition, OffsetSpec> starts = new java.util.HashMap<>();
            for (var description : kafka.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values()) {
                for (var partition : description.partitions()) {
                    TopicPartition tp = new TopicPartition(description.name(), partition.partition());
                    ends.put(tp, OffsetSpec.latest());
                    starts.put(tp, OffsetSpec.earliest());
                }
            }
            long total = 0;
            for (var end : kafka.listOffsets(ends).all().get(5, TimeUnit.SECONDS).values()) {
                total += end.offset();
            }
            for (var start : kafka.listOffsets(starts).all().get(5, TimeUnit.SECONDS).values()) {
                total -= start.offset();
            }
            return String.format("%,d", total);
        } catch (Exception e) {
            return "?";
        }
    }

    /** Calls whose RealtimeCallState item is live and not expired, as a reader of live state asks for them. */
    private String liveCalls() {
        if (dynamo.isEmpty()) {
            return "off";
        }
        try {
            long count = 0;
            Map<String, AttributeValue> start = null;
            do {
                ScanRequest.Builder request = ScanRequest.builder().tableName(LiveTables.REALTIME_CALL_STATE.tableName())
                        .select(Select.COUNT)
                        .filterExpression("#live = :t AND #ttl > :now")
                        .expressionAttributeNames(Map.of("#live", "live", "#ttl", LiveTables.TTL_ATTRIBUTE))
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true),
                                ":now", AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000))));
                if (start != null) {
                    request.exclusiveStartKey(start);
                }
                ScanResponse response = dynamo.get().scan(request.build());
                count += response.count();
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (start != null);
            return String.format("%,d", count);
        } catch (Exception e) {
            return "?";
        }
    }

    @Override
    public void close() {
        kafka.close(java.time.Duration.ofSeconds(5));
    }
}
