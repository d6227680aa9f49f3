package com.aybiza.cli;

import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventTopic;
import com.aybiza.jobs.JobArguments;
import com.aybiza.jobs.PlatformJobs;
import com.aybiza.sql.DatabaseSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * bin/aybiza reconcile: what the jobs stored, against a generator's ledger. It compares the billable quantity and
 * cost per tenant and resource type, the rows of each table the jobs write (where the ledger knows them), and, with
 * --bootstrap-servers, the dead letters per stage against the malformed records the ledger counts.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {
            "Compares what the jobs stored with a generator's ledger (bin/aybiza generate --ledger FILE): billable "
                    + "quantity and cost per tenant and resource type, rows per table, and (with --bootstrap-servers) "
                    + "dead letters per stage. Prints a table and 'reconcile: OK', or every difference and exits 1.",
            "It looks at the ledger's tenants from the ledger's start on: run it on a database that holds one "
                    + "generator run's traffic (replays of it included). Dead letters count when they are about a "
                    + "record of the run (by source partition and offset, which the ledger records)."
        })
final class ReconcileCommand implements Callable<Integer> {

    /** The malformed kinds of the generator, by the stage of the pipeline that must refuse them. */
    static final Map<String, List<String>> MALFORMED_BY_STAGE = Map.of(
            "deserialize", List.of("random_bytes", "truncated_avro", "unknown_schema_fingerprint",
                    "enum_outside_check_list"),
            "validate", List.of("far_future"),
            "enrich", List.of("unknown_tenant"));

    @Spec
    CommandSpec spec;

    @Option(names = "--ledger", required = true, description = "the ledger a generator run wrote with --ledger")
    Path ledgerFile;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:AYBIZA_BOOTSTRAP_SERVERS}",
            description = "Kafka, to count dead letters too (env AYBIZA_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(names = "--kafka-properties",
            description = "Kafka client properties file for counting dead letters (security.protocol, SASL, ...)")
    Path kafkaProperties;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> clientProperties = kafkaProperties == null ? Map.of() : readKafkaProperties();
        Reconciliation result = reconcile(readLedger(), database.settings(), bootstrapServers, clientProperties);
        result.print(out);
        return result.ok() ? 0 : 1;
    }

    /**
     * What {@code ledger} (a generator ledger as JSON) says against what the database holds, and, when
     * {@code bootstrapServers} is given, against the dead letters in Kafka. Also what bin/aybiza local prints at its
     * end.
     */
    static Reconciliation reconcile(JsonNode ledger, DatabaseSettings db, String bootstrapServers)
            throws SQLException {
        return reconcile(ledger, db, bootstrapServers, Map.of());
    }

    /** The same, with Kafka client settings (--kafka-properties) for a cluster that needs them. */
    static Reconciliation reconcile(JsonNode ledger, DatabaseSettings db, String bootstrapServers,
                                    Map<String, String> kafkaProperties) throws SQLException {
        Instant start = Instant.parse(ledger.get("start").asText());
        UUID[] tenants = tenants(ledger);
        Reconciliation result = new Reconciliation();
        try (Connection c = db.open()) {
            compareBilling(c, ledger, tenants, start, result);
            compareRows(c, ledger, tenants, start, result);
        }
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            compareDeadLetters(new KafkaEndpoint(bootstrapServers, KafkaEndpoint.DEFAULT_TIMEOUT, kafkaProperties),
                    ledger, result);
        } else {
            result.note("dead letters not counted (no --bootstrap-servers)");
        }
        return result;
    }

    private Map<String, String> readKafkaProperties() {
        try {
            return JobArguments.kafkaProperties(kafkaProperties);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--kafka-properties: " + e.getMessage(), e);
        }
    }

    private JsonNode readLedger() {
        try {
            JsonNode ledger = new ObjectMapper().readTree(ledgerFile.toFile());
            if (ledger == null || !ledger.has("billable_quantity") || !ledger.has("start")) {
                throw new IllegalArgumentException(ledgerFile + " is not a generator ledger (bin/aybiza generate "
                        + "--ledger FILE writes one)");
            }
            return ledger;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the ledger " + ledgerFile + ": " + e.getMessage(), e);
        }
    }

    private static UUID[] tenants(JsonNode ledger) {
        List<UUID> tenants = new ArrayList<>();
        ledger.get("billable_quantity").fieldNames().forEachRemaining(t -> tenants.add(UUID.fromString(t)));
        return tenants.toArray(UUID[]::new);
    }

    private static void compareBilling(Connection c, JsonNode ledger, UUID[] tenants, Instant start,
                                       Reconciliation result) throws SQLException {
        Map<String, BigDecimal[]> stored = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT tenant_id, resource_type, sum(quantity), "
                + "sum(total_cost) FROM billing.usage_metering WHERE tenant_id = ANY (?) AND \"timestamp\" >= ? "
                + "GROUP BY 1, 2")) {
            st.setArray(1, c.createArrayOf("uuid", tenants));
            st.setTimestamp(2, Timestamp.from(start));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1) + " " + rs.getString(2),
                            new BigDecimal[] {rs.getBigDecimal(3), rs.getBigDecimal(4)});
                }
            }
        }
        Map<String, BigDecimal[]> expected = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> t = ledger.get("billable_quantity").fields(); t.hasNext(); ) {
            Map.Entry<String, JsonNode> tenant = t.next();
            tenant.getValue().fields().forEachRemaining(r -> expected.put(tenant.getKey() + " " + r.getKey(),
                    new BigDecimal[] {new BigDecimal(r.getValue().asText()), new BigDecimal(
                            ledger.path("billable_cost").path(tenant.getKey()).path(r.getKey()).asText("0"))}));
        }
        BigDecimal[] totals = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        for (Map.Entry<String, BigDecimal[]> e : expected.entrySet()) {
            BigDecimal[] found = stored.getOrDefault(e.getKey(), new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            result.compare("quantity " + e.getKey(), e.getValue()[0], found[0]);
            result.compare("cost " + e.getKey(), e.getValue()[1], found[1]);
            totals[0] = totals[0].add(e.getValue()[0]);
            totals[1] = totals[1].add(found[0]);
            totals[2] = totals[2].add(e.getValue()[1]);
            totals[3] = totals[3].add(found[1]);
        }
        for (String key : stored.keySet()) {
            if (!expected.containsKey(key)) {
                result.compare("quantity " + key, BigDecimal.ZERO, stored.get(key)[0]);
            }
        }
        result.compare("quantity, all tenants", totals[0], totals[1]);
        result.compare("cost, all tenants", totals[2], totals[3]);
    }

    private static void compareRows(Connection c, JsonNode ledger, UUID[] tenants, Instant start,
                                    Reconciliation result) throws SQLException {
        JsonNode rows = ledger.path("rows");
        List<String> notYet = new ArrayList<>();
        rows.fieldNames().forEachRemaining(notYet::add);
        Array tenantArray = c.createArrayOf("uuid", tenants);
        for (PlatformJobs.StoredTable table : PlatformJobs.STORED_TABLES) {
            if (!rows.has(table.name())) {
                continue;
            }
            notYet.remove(table.name());
            try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM " + table.name() + " WHERE "
                    + table.tenantCondition() + " AND " + table.timeColumn() + " >= ?")) {
                st.setArray(1, tenantArray);
                st.setTimestamp(2, Timestamp.from(start));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    result.compare("rows " + table.name(), rows.get(table.name()).asLong(), rs.getLong(1));
                }
            }
        }
        if (!notYet.isEmpty()) {
            result.note("not written by the jobs yet, so not compared: " + String.join(", ", notYet));
        }
    }

    /**
     * Per input topic the jobs read: its malformed records are its dead letters of the stages that refuse input
     * (deserialize, validate, enrich), and no other stage (deduplicate, sink) may have refused anything of a
     * generator run, whose retries are exact. Once every topic is read, the dead letters per stage are also held
     * against the ledger's malformed kinds.
     */
    private static void compareDeadLetters(KafkaEndpoint kafka, JsonNode ledger, Reconciliation result) {
        List<String> topics = PlatformJobs.INPUT_TOPICS.stream().map(EventTopic::deadLetterTopicName).toList();
        List<String> missing = kafka.missingTopics(topics);
        LedgerScope scope = LedgerScope.of(ledger);
        if (!scope.byOffsets()) {
            result.note("the ledger records no offsets: dead letters written since its start are counted");
        }
        Map<String, Map<String, Long>> perTopicAndStage = new TreeMap<>();
        new DeadLetterReader(kafka).read(topics.stream().filter(t -> !missing.contains(t)).toList(),
                scope,
                (DeadLetter letter) -> perTopicAndStage.computeIfAbsent(letter.getSourceTopic(), t -> new TreeMap<>())
                        .merge(letter.getFailedStage(), 1L, Long::sum));
        Map<String, Long> perStage = new TreeMap<>();
        for (EventTopic topic : PlatformJobs.INPUT_TOPICS) {
            Map<String, Long> stages = perTopicAndStage.getOrDefault(topic.topicName(), Map.of());
            long refusedInput = 0;
            long refusedLater = 0;
            for (Map.Entry<String, Long> stage : stages.entrySet()) {
                perStage.merge(stage.getKey(), stage.getValue(), Long::sum);
                if (MALFORMED_BY_STAGE.containsKey(stage.getKey())) {
                    refusedInput += stage.getValue();
                } else {
                    refusedLater += stage.getValue();
                }
            }
            result.compare("dead letters " + topic.topicName() + " (malformed)",
                    ledger.path("topics").path(topic.topicName()).path("malformed").asLong(), refusedInput);
            result.compare("dead letters " + topic.topicName() + " (deduplicate, sink)", 0, refusedLater);
        }
        if (PlatformJobs.INPUT_TOPICS.size() == EventTopic.values().length) {
            for (Map.Entry<String, List<String>> stage : MALFORMED_BY_STAGE.entrySet()) {
                long expected = stage.getValue().stream().mapToLong(k -> ledger.path("malformed").path(k).asLong()).sum();
                result.compare("dead letters, stage " + stage.getKey(), expected,
                        perStage.getOrDefault(stage.getKey(), 0L));
            }
        }
    }
}
