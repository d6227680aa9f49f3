package com.aybiza.jobs.calls;

import static com.aybiza.jobs.calls.CallTestData.END;
import static com.aybiza.jobs.calls.CallTestData.OTHER_TENANT;
import static com.aybiza.jobs.calls.CallTestData.START;
import static com.aybiza.jobs.calls.CallTestData.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.sinks.postgres.PostgresSinkOptions;
import com.aybiza.sinks.postgres.internal.BatchCommitter;
import com.aybiza.sinks.postgres.internal.Refused;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The calls upsert against the migrated schema on a real PostgreSQL: the row only moves forward, is the same whatever
 * order (and batching) its events come in, a replay changes nothing (not even updated_at), what earlier events knew
 * is kept, the SQL rule is the Java rule, and a call_sid of another tenant or a row the database refuses is set aside.
 */
class CallsWriterIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final String SID = "CA-writer-test";
    private static DatabaseSettings database;
    private BatchCommitter<EnrichedEvent<CallEvent>> committer;
    private CallTestData data;

    @BeforeAll
    static void migrate() throws Exception {
        database = CallTestData.migrated(POSTGRES.settings(POSTGRES.newDatabase()));
    }

    @BeforeEach
    void freshTable() throws Exception {
        truncate();
        committer = new BatchCommitter<>(database::open, new CallsWriter<>(), PostgresSinkOptions.defaults(), "calls");
        data = CallTestData.create();
    }

    @Test
    void aLateRingingAfterCompletedChangesNothing() throws Exception {
        commitEach(List.of(data.call(SID, CallStatus.initiated), data.call(SID, CallStatus.completed)));
        String completed = row();

        assertThat(committer.commit(List.of(data.call(SID, CallStatus.ringing)))).isEmpty();

        assertThat(row()).as("every column, updated_at included").isEqualTo(completed);
        assertThat(completed).contains("\"status\": \"completed\"");
    }

    @Test
    void eventsInAnyOrderAndAnyBatchingGiveTheSameRow() throws Exception {
        List<EnrichedEvent<CallEvent>> inOrder = data.answeredCall(SID);
        commitEach(inOrder);
        String expected = rowWithoutUpdatedAt();

        List<EnrichedEvent<CallEvent>> reversed = new ArrayList<>(inOrder);
        Collections.reverse(reversed);
        truncate();
        commitEach(reversed);
        assertThat(rowWithoutUpdatedAt()).as("in reverse, one per batch").isEqualTo(expected);

        Random random = new Random(3);
        for (int round = 0; round < 4; round++) {
            List<EnrichedEvent<CallEvent>> shuffled = new ArrayList<>(inOrder);
            Collections.shuffle(shuffled, random);
            truncate();
            assertThat(committer.commit(shuffled)).isEmpty();
            assertThat(rowWithoutUpdatedAt()).as("shuffled, in one batch: " + statuses(shuffled)).isEqualTo(expected);
            truncate();
            commitEach(shuffled);
            assertThat(rowWithoutUpdatedAt()).as("shuffled, one per batch: " + statuses(shuffled)).isEqualTo(expected);
        }

        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, status, start_time, answer_time, end_time, created_at, "
                     + "cost_usd, recording_url, metadata->>'step' FROM call_analytics.calls")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, UUID.class)).isEqualTo(CallIds.callId(TENANT, SID));
            assertThat(rs.getString(2)).isEqualTo("completed");
            assertThat(rs.getTimestamp(3).toInstant()).isEqualTo(START);
            assertThat(rs.getTimestamp(4).toInstant()).isEqualTo(CallTestData.ANSWER);
            assertThat(rs.getTimestamp(5).toInstant()).isEqualTo(END);
            assertThat(rs.getTimestamp(6).toInstant()).as("created_at is the call's start").isEqualTo(START);
            assertThat(rs.getBigDecimal(7)).isEqualByComparingTo("0.123456");
            assertThat(rs.getString(8)).isEqualTo("s3://recordings/" + SID + ".opus");
            assertThat(rs.getString(9)).as("the winner's metadata key").isEqualTo("completed");
        }
    }

    @Test
    void aReplayChangesNothingNotEvenUpdatedAt() throws Exception {
        List<EnrichedEvent<CallEvent>> events = data.answeredCall(SID);
        commitEach(events);
        assertThat(committer.commit(data.answeredCall("CA-other"))).isEmpty();
        String before = String.join("\n", CallTestData.strings(database,
                "SELECT to_jsonb(c)::text FROM call_analytics.calls c ORDER BY call_sid"));

        commitEach(events);
        assertThat(committer.commit(events)).isEmpty();
        assertThat(committer.commit(data.answeredCall("CA-other"))).isEmpty();

        assertThat(String.join("\n", CallTestData.strings(database,
                "SELECT to_jsonb(c)::text FROM call_analytics.calls c ORDER BY call_sid"))).isEqualTo(before);
    }

    @Test
    void whatAnEarlierEventKnewIsKeptAndAnUnknownCostIsTheColumnsZero() throws Exception {
        committer.commit(List.of(data.call(SID, CallStatus.initiated)));
        assertThat(scalar("SELECT cost_usd FROM call_analytics.calls")).isEqualTo("0.000000");

        committer.commit(List.of(data.call(SID, CallStatus.completed)));
        // A later final report without cost, recording or answer time: it wins, and keeps what the row knew.
        EnrichedEvent<CallEvent> failed = data.call(SID, CallStatus.failed);
        failed.event.setEndTime(END.plusSeconds(1));
        committer.commit(List.of(failed));

        try (Connection c = database.open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT status, cost_usd, recording_url, answer_time, end_time "
                     + "FROM call_analytics.calls")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("failed");
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("0.123456");
            assertThat(rs.getString(3)).isEqualTo("s3://recordings/" + SID + ".opus");
            assertThat(rs.getTimestamp(4).toInstant()).isEqualTo(CallTestData.ANSWER);
            assertThat(rs.getTimestamp(5).toInstant()).isEqualTo(END.plusSeconds(1));
        }
    }

    @Test
    void theSqlRuleDecidesEveryPairAsTheJavaRuleDoes() throws Exception {
        List<String> statuses = Arrays.stream(CallStatus.values()).map(CallRow::status).toList();
        List<Instant> ends = Arrays.asList(null, END, END.plusMillis(1));
        String sql = "SELECT " + LifecycleOrder.CALL.sqlBeats("n", "o") + " FROM (SELECT ?::text AS status, "
                + "?::timestamptz AS end_time) n, (SELECT ?::text AS status, ?::timestamptz AS end_time) o";
        int pairs = 0;
        try (Connection c = database.open(); PreparedStatement st = c.prepareStatement(sql)) {
            for (String status : statuses) {
                for (Instant end : ends) {
                    for (String stored : statuses) {
                        for (Instant storedEnd : ends) {
                            st.setString(1, status);
                            st.setObject(2, end == null ? null : Timestamp.from(end));
                            st.setString(3, stored);
                            st.setObject(4, storedEnd == null ? null : Timestamp.from(storedEnd));
                            try (ResultSet rs = st.executeQuery()) {
                                rs.next();
                                assertThat(rs.getBoolean(1))
                                        .as(status + "@" + end + " beats " + stored + "@" + storedEnd)
                                        .isEqualTo(LifecycleOrder.CALL.beats(status, end, stored, storedEnd));
                            }
                            pairs++;
                        }
                    }
                }
            }
        }
        assertThat(pairs).isEqualTo(24 * 24);
    }

    @Test
    void aCallSidOfAnotherTenantIsRefusedAndTheStoredCallStands() throws Exception {
        commitEach(data.answeredCall(SID));
        String stored = row();

        List<Refused<EnrichedEvent<CallEvent>>> refused = committer.commit(List.of(
                data.call(SID, CallStatus.initiated, OTHER_TENANT), data.call("CA-fine", CallStatus.initiated)));
        // Two tenants in one batch: the first stands there too.
        refused = new ArrayList<>(refused);
        refused.addAll(committer.commit(List.of(data.call("CA-shared", CallStatus.ringing),
                data.call("CA-shared", CallStatus.initiated, OTHER_TENANT))));

        assertThat(refused).hasSize(2).allSatisfy(r -> {
            assertThat(r.row().event.getTenantId()).isEqualTo(OTHER_TENANT);
            assertThat(r.refusal().errorClass()).isEqualTo(CallsWriter.CALL_SID_OF_ANOTHER_TENANT);
            assertThat(r.refusal().message()).contains("is already the call of tenant " + TENANT);
        });
        assertThat(row()).isEqualTo(stored);
        assertThat(CallTestData.count(database, "SELECT count(*) FROM call_analytics.calls")).isEqualTo(3);
    }

    @Test
    void aRowTheDatabaseRefusesIsIsolatedAndTheRestIsWritten() throws Exception {
        List<EnrichedEvent<CallEvent>> batch = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            batch.add(data.call("CA-" + i, CallStatus.initiated));
        }
        batch.get(7).event.setTenantId(UUID.randomUUID()); // no such tenant: the foreign key refuses it

        List<Refused<EnrichedEvent<CallEvent>>> refused = committer.commit(batch);

        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.row().event.getCallSid()).isEqualTo("CA-7");
            assertThat(r.refusal().sqlState()).isEqualTo("23503");
            assertThat(r.refusal().constraint()).isEqualTo("calls_tenant_id_fkey");
        });
        assertThat(CallTestData.count(database, "SELECT count(*) FROM call_analytics.calls")).isEqualTo(11);
    }

    private void commitEach(List<EnrichedEvent<CallEvent>> events) throws Exception {
        for (EnrichedEvent<CallEvent> e : events) {
            assertThat(committer.commit(List.of(e))).isEmpty();
        }
    }

    private static List<CallStatus> statuses(List<EnrichedEvent<CallEvent>> events) {
        return events.stream().map(e -> e.event.getStatus()).toList();
    }

    private static String row() throws Exception {
        return CallTestData.row(database, "call_analytics.calls", "call_sid = '" + SID + "'");
    }

    private static String rowWithoutUpdatedAt() throws Exception {
        return CallTestData.row(database, "call_analytics.calls", "call_sid = '" + SID + "'", "updated_at");
    }

    private static String scalar(String sql) throws Exception {
        return CallTestData.strings(database, sql).get(0);
    }

    private static void truncate() throws Exception {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE call_analytics.calls CASCADE");
        }
    }
}
