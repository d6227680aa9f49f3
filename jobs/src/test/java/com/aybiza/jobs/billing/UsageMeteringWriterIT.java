package com.aybiza.jobs.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import com.aybiza.jobs.ingest.ConflictingEventIdException;
import com.aybiza.jobs.ingest.SourcedEvent;
import com.aybiza.jobs.ingest.TestRecords;
import com.aybiza.sinks.postgres.PostgresSinkOptions;
import com.aybiza.sinks.postgres.internal.BatchCommitter;
import com.aybiza.sinks.postgres.internal.Refused;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Billing's write path against the migrated schema on a real PostgreSQL: every event once, replays of any age change
 * nothing, a conflicting id is refused while the first stands, corrections and voids sum to the rule in any arrival
 * order, usage of an invoiced period moves to the next open one, and a row the database refuses is isolated.
 */
class UsageMeteringWriterIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final UUID ORG = UUID.fromString("0e7d1c52-5f0a-4c1e-9d7a-1b2c3d4e5f60");
    private static final UUID TENANT = UUID.fromString("6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b");
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00.123456Z");
    private static final LocalDate NOVEMBER = LocalDate.of(2026, 11, 1);

    private static DatabaseSettings database;
    private BatchCommitter<SourcedEvent<UsageEvent>> committer;
    private long offset;

    @BeforeAll
    static void migrate() throws Exception {
        database = POSTGRES.settings(POSTGRES.newDatabase());
        new SchemaMigrator(database).migrate();
    }

    @BeforeEach
    void freshTables() throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE billing.usage_metering, billing.usage_idempotency, billing.invoices CASCADE");
        }
        committer = new BatchCommitter<>(database::open, new UsageMeteringWriter<>(), PostgresSinkOptions.defaults(),
                "usage");
    }

    @Test
    void storesEachEventOnceAndAReplayChangesNothing() throws Exception {
        List<SourcedEvent<UsageEvent>> batch = List.of(record("r1", 0, "2.5"), record("r2", 1, "1"),
                record("r1", 0, "2.5"));
        assertThat(committer.commit(batch)).isEmpty();
        assertThat(billed()).isEqualByComparingTo("3.5");
        assertThat(rows()).isEqualTo(2);

        // The same events again, as after a crash or a replay from the earliest offset without any state.
        assertThat(committer.commit(batch)).isEmpty();
        assertThat(committer.commit(List.of(record("r2", 1, "1")))).isEmpty();
        assertThat(billed()).isEqualByComparingTo("3.5");
        assertThat(rows()).isEqualTo(2);

        // Part old, part new (a replay that runs past what was stored): the fast COPY meets a stored key, the batch
        // takes the careful path, and only the new one is billed.
        assertThat(committer.commit(List.of(record("r1", 0, "2.5"), record("r3", 2, "4")))).isEmpty();
        assertThat(billed()).isEqualByComparingTo("7.5");
        assertThat(rows()).isEqualTo(3);
    }

    @Test
    void refusesAnIdSeenBeforeWithOtherContentAndKeepsTheFirst() throws Exception {
        committer.commit(List.of(record("r1", 0, "2.5")));
        // Same id, another event time: usage_metering's own key (id, timestamp, tenant) would let it in twice.
        List<Refused<SourcedEvent<UsageEvent>>> refused = committer.commit(List.of(record("r1", 60, "4"),
                record("r3", 2, "1")));
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.refusal().errorClass()).isEqualTo(ConflictingEventIdException.class.getName());
            assertThat(r.refusal().message()).contains(id("r1").toString()).contains("the first stands");
        });
        assertThat(billed()).isEqualByComparingTo("3.5");

        // Two versions of one id inside a batch: the first in Kafka order stands.
        refused = committer.commit(List.of(record("r9", 0, "1"), record("r9", 0, "7")));
        assertThat(refused).singleElement().satisfies(r -> assertThat(r.row().event.getQuantity()).isEqualByComparingTo("7"));
        assertThat(billed()).isEqualByComparingTo("4.5");
    }

    @Test
    void aCorrectionArrivingBeforeItsTargetWaitsAndIsAppliedWhenTheTargetArrives() throws Exception {
        committer.commit(List.of(correction("c1", "r1", 30, "3")));
        assertThat(billed()).isEqualByComparingTo("0");
        assertThat(waiting()).isEqualTo(1);

        committer.commit(List.of(record("r1", 0, "5")));
        assertThat(billed()).isEqualByComparingTo("3");
        assertThat(waiting()).isZero();
        assertThat(rows()).isEqualTo(2);
        assertThat(metadataOf("c1")).containsEntry("adjustment", "CORRECTION")
                .containsEntry("corrects_event_id", id("r1").toString());

        // Replays of either change nothing.
        committer.commit(List.of(correction("c1", "r1", 30, "3"), record("r1", 0, "5")));
        assertThat(billed()).isEqualByComparingTo("3");
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void correctionsAndVoidsSumToTheRuleInAnyArrivalOrder() throws Exception {
        // The later correction (t+90: 8) arrives before the earlier one (t+30: 3): 8 is billed.
        committer.commit(List.of(record("r1", 0, "5")));
        committer.commit(List.of(correction("c2", "r1", 90, "8")));
        committer.commit(List.of(correction("c1", "r1", 30, "3")));
        assertThat(billed()).isEqualByComparingTo("8");
        assertThat(costBilled()).isEqualByComparingTo("0.096");

        // A target corrected, then voided: nothing is billed, and the rows tell the story.
        committer.commit(List.of(record("r2", 0, "4"), correction("c3", "r2", 10, "6")));
        committer.commit(List.of(voiding("v1", "r2", 20, "4")));
        assertThat(billedFor("r2", "c3", "v1")).isEqualByComparingTo("0");
        assertThat(rows()).isEqualTo(6);
    }

    @Test
    void usageOfAnInvoicedPeriodGoesToTheNextOpenPeriodMarkedAsAnAdjustment() throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("SET session_replication_role = replica"); // the invoice's account and organization are not needed here
            st.execute("INSERT INTO billing.invoices (invoice_number, billing_account_id, organization_id, "
                    + "billing_period_start, billing_period_end, status, subtotal, total_amount, due_date) VALUES "
                    + "('INV-2026-11-000001', gen_random_uuid(), '" + ORG + "', '2026-11-01', '2026-11-30', 'sent', "
                    + "10, 10, '2026-12-15')");
        }
        committer.commit(List.of(record("r1", 0, "5")));
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT billing_period, metadata->>'billing_adjustment', "
                     + "metadata->>'original_billing_period' FROM billing.usage_metering")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, LocalDate.class)).isEqualTo(LocalDate.of(2026, 12, 1));
            assertThat(rs.getString(2)).isEqualTo("true");
            assertThat(rs.getString(3)).isEqualTo("2026-11-01");
        }
    }

    @Test
    void aRowTheDatabaseRefusesIsIsolatedAndTheRestIsWritten() throws Exception {
        List<SourcedEvent<UsageEvent>> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(record("r" + i, i, "1"));
        }
        UsageEvent tooLong = batch.get(13).event;
        tooLong.setResourceType("x".repeat(101)); // VARCHAR(100): validation would catch it; the sink must too
        List<Refused<SourcedEvent<UsageEvent>>> refused = committer.commit(batch);
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.row().event.getEventId()).isEqualTo(id("r13"));
            assertThat(r.refusal().sqlState()).isEqualTo("22001");
        });
        assertThat(rows()).isEqualTo(19);
        assertThat(billed()).isEqualByComparingTo("19");
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM billing.usage_idempotency")) {
            rs.next();
            assertThat(rs.getInt(1)).as("a refused row leaves no idempotency record").isEqualTo(19);
        }
    }

    private SourcedEvent<UsageEvent> record(String name, int seconds, String quantity) {
        return event(name, UsageEventKind.RECORD, null, seconds, quantity);
    }

    private SourcedEvent<UsageEvent> correction(String name, String target, int seconds, String quantity) {
        return event(name, UsageEventKind.CORRECTION, target, seconds, quantity);
    }

    private SourcedEvent<UsageEvent> voiding(String name, String target, int seconds, String quantity) {
        return event(name, UsageEventKind.VOID, target, seconds, quantity);
    }

    private SourcedEvent<UsageEvent> event(String name, UsageEventKind kind, String target, int seconds,
                                           String quantity) {
        BigDecimal q = new BigDecimal(quantity).setScale(6);
        BigDecimal price = new BigDecimal("0.012000");
        UsageEvent e = UsageEvent.newBuilder()
                .setEventId(id(name)).setEventTime(T0.plusSeconds(seconds))
                .setOrganizationId(ORG).setTenantId(TENANT).setAgentId(null).setKind(kind)
                .setResourceType("call_minutes").setResourceSubtype("inbound")
                .setQuantity(q).setUnit("minutes").setUnitPrice(price)
                .setTotalCost(q.multiply(price).setScale(6)).setBillingPeriod(NOVEMBER)
                .setCorrectsEventId(target == null ? null : id(target))
                .setReason(target == null ? null : "carrier reconciliation")
                .setCallSid("CA" + name).setExecutionId(null).setMetadata(Map.of())
                .build();
        return TestRecords.sourced(e, offset++);
    }

    private static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes());
    }

    private BigDecimal billed() throws Exception {
        return scalar("SELECT coalesce(sum(quantity), 0) FROM billing.usage_metering");
    }

    private BigDecimal costBilled() throws Exception {
        return scalar("SELECT coalesce(sum(total_cost), 0) FROM billing.usage_metering");
    }

    private BigDecimal billedFor(String... names) throws Exception {
        StringBuilder ids = new StringBuilder();
        for (String n : names) {
            ids.append(ids.isEmpty() ? "" : ",").append('\'').append(id(n)).append('\'');
        }
        return scalar("SELECT coalesce(sum(quantity), 0) FROM billing.usage_metering WHERE id IN (" + ids + ")");
    }

    private int rows() throws Exception {
        return scalar("SELECT count(*) FROM billing.usage_metering").intValue();
    }

    private int waiting() throws Exception {
        return scalar("SELECT count(*) FROM billing.usage_idempotency WHERE target_event_id IS NOT NULL "
                + "AND applied_quantity IS NULL").intValue();
    }

    private Map<String, String> metadataOf(String name) throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT metadata::text FROM billing.usage_metering WHERE id = '"
                     + id(name) + "'")) {
            assertThat(rs.next()).isTrue();
            @SuppressWarnings("unchecked")
            Map<String, String> m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(rs.getString(1), Map.class);
            return m;
        }
    }

    private BigDecimal scalar(String sql) throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }
}
