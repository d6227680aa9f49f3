package com.aybiza.jobs.billing;

import com.aybiza.jobs.GeneratedTraffic;
import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.embedded.KafkaBrokerExtension;
import com.aybiza.events.EventTopic;
import com.aybiza.jobs.JobEnvironment;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.ingest.IngestKafka;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The billing topology that ships, on Flink's MiniCluster with a real broker and PostgreSQL: the generator's usage
 * (with corrections, voids, malformed records and every record sent twice) ends in usage_metering as the ledger bills
 * it, per tenant and resource, in quantity and in cost; a replay of the whole topic by a job without any state then
 * changes no row and no sum.
 */
class UsageMeteringJobIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path tmp;

    @Test
    void billsWhatTheLedgerBillsAndAReplayWithoutStateChangesNothing() throws Exception {
        DatabaseSettings database = POSTGRES.settings(POSTGRES.newDatabase());
        new SchemaMigrator(database).migrate();
        JsonNode ledger = GeneratedTraffic.writeTwice(KAFKA.bootstrapServers(), database, tmp.resolve("ledger.json"),
                GeneratedTraffic.minutesAgo(2), new GeneratedTraffic.Traffic(1000, Duration.ofSeconds(20), 4, 8, 11, 0.02));
        assertThat(ledger.at("/events/usage.CORRECTION.call_minutes").asLong()).as("corrections").isPositive();

        JobSettings settings = JobSettings.builder(KAFKA.bootstrapServers(), database).build();
        InputTopics.requireLogAppendTime(KAFKA.bootstrapServers(), Map.of(), List.of(EventTopic.USAGE), 10);
        runToEnd(settings);
        Map<String, List<BigDecimal>> billed = billed(database);
        assertMatchesLedger(billed, ledger);
        long rows = count(database, "billing.usage_metering");
        assertThat(rows).isEqualTo(ledger.at("/rows/billing.usage_metering").asLong());

        runToEnd(settings); // the whole topic again, from a job with no state at all
        assertThat(billed(database)).isEqualTo(billed);
        assertThat(count(database, "billing.usage_metering")).isEqualTo(rows);
    }

    private void runToEnd(JobSettings settings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, settings);
        env.getConfig().disableGenericTypes();
        new UsageMeteringJob(
                IngestKafka.source(KAFKA.bootstrapServers(), EventTopic.USAGE.topicName(), "usage-it-" + System.nanoTime())
                        .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest()).build(),
                UsageMeteringJob.usageMeteringSink(settings), IngestKafka.deadLetterSink(KAFKA.bootstrapServers()),
                settings.frontStage())
                .build(env);
        env.execute("usage metering");
    }

    private static void assertMatchesLedger(Map<String, List<BigDecimal>> billed, JsonNode ledger) {
        Map<String, BigDecimal[]> expected = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> t = ledger.get("billable_quantity").fields(); t.hasNext(); ) {
            Map.Entry<String, JsonNode> tenant = t.next();
            tenant.getValue().fields().forEachRemaining(r -> expected.put(tenant.getKey() + " " + r.getKey(),
                    new BigDecimal[] {new BigDecimal(r.getValue().asText()),
                            new BigDecimal(ledger.at("/billable_cost/" + tenant.getKey() + "/" + r.getKey()).asText())}));
        }
        assertThat(billed.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, amounts) -> {
            assertThat(billed.get(key).get(0)).as("quantity of " + key).isEqualByComparingTo(amounts[0]);
            assertThat(billed.get(key).get(1)).as("cost of " + key).isEqualByComparingTo(amounts[1]);
        });
    }

    private static Map<String, List<BigDecimal>> billed(DatabaseSettings database) throws Exception {
        Map<String, List<BigDecimal>> billed = new java.util.TreeMap<>();
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tenant_id, resource_type, sum(quantity), sum(total_cost) "
                     + "FROM billing.usage_metering GROUP BY 1, 2")) {
            while (rs.next()) {
                billed.put(rs.getString(1) + " " + rs.getString(2),
                        List.of(rs.getBigDecimal(3), rs.getBigDecimal(4)));
            }
        }
        return billed;
    }

    private static long count(DatabaseSettings database, String table) throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
