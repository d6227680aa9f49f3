package com.aybiza.jobs.calls;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionPhase;
import com.aybiza.events.ToolExecutionStatus;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.enrich.ReferenceRows;
import com.aybiza.jobs.ingest.TestRecords;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.SchemaMigrator;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A call's lifecycle and tool executions as the voice edge reports them (without agent, version and phone number,
 * whose rows these tests do not need), a migrated database holding the two tenants they belong to, and the queries
 * the writer tests compare rows with.
 */
public final class CallTestData {

    public static final UUID ORG = SampleEvents.ORGANIZATION;
    public static final UUID TENANT = SampleEvents.TENANT;
    public static final UUID OTHER_TENANT = UUID.fromString("7a2b3c4d-5e6f-4071-8b9c-0d1e2f3a4b5c");
    public static final Instant START = Instant.parse("2026-11-30T10:00:00.123456Z");
    public static final Instant ANSWER = START.plusSeconds(4);
    public static final Instant END = START.plusSeconds(190);

    private long offset;

    private CallTestData() {
    }

    public static CallTestData create() {
        return new CallTestData();
    }

    /** Migrates an empty database and adds the organization and the two tenants of the test calls. */
    public static DatabaseSettings migrated(DatabaseSettings database) throws SQLException {
        new SchemaMigrator(database).migrate();
        try (ReferenceRows rows = new ReferenceRows(database)) {
            rows.organization(ORG);
            for (UUID tenant : List.of(TENANT, OTHER_TENANT)) {
                rows.tenant(tenant, ORG, "Tenant " + tenant, "standard");
            }
        }
        return database;
    }

    /** The event of {@code callSid} reaching {@code status}, carrying the call as known then. */
    public EnrichedEvent<CallEvent> call(String callSid, CallStatus status) {
        return call(callSid, status, TENANT);
    }

    public EnrichedEvent<CallEvent> call(String callSid, CallStatus status, UUID tenant) {
        boolean answered = status == CallStatus.answered || status == CallStatus.completed;
        boolean ended = LifecycleOrder.CALL.isFinal(CallRow.status(status));
        boolean completed = status == CallStatus.completed;
        Instant at = switch (status) {
            case initiated -> START;
            case ringing -> START.plusSeconds(1);
            case answered -> ANSWER;
            default -> END;
        };
        CallEvent event = CallEvent.newBuilder(SampleEvents.callEvent())
                .setEventId(SampleEvents.id(tenant + callSid + status)).setEventTime(at).setTenantId(tenant)
                .setAgentId(null).setAgentVersionId(null).setPhoneNumberId(null)
                .setCallSid(callSid).setStatus(status)
                .setStartTime(START).setAnswerTime(answered ? ANSWER : null).setEndTime(ended ? END : null)
                .setDurationSeconds(ended ? 190 : 0).setBillableDurationSeconds(completed ? 186 : 0)
                .setRecordingUrl(completed ? "s3://recordings/" + callSid + ".opus" : null)
                .setRecordingDurationSeconds(completed ? 186 : null).setTranscriptId(completed ? "tr-" + callSid : null)
                .setCostUsd(completed ? new BigDecimal("0.123456") : null)
                .setQualityScore(completed ? new BigDecimal("0.87") : null)
                .setSentimentScore(completed ? new BigDecimal("-0.25") : null)
                .setTurns(completed ? SampleEvents.callEvent().getTurns() : List.of())
                .setTokensUsed(completed ? 509 : null)
                .setEdgeCacheHits(completed ? 3 : null).setEdgeCacheMisses(completed ? 1 : null)
                .setMetadata(Map.of("step", status.name()))
                .build();
        return new EnrichedEvent<>(TestRecords.sourced(event, offset++), null, null);
    }

    /** The lifecycle of an answered call, in the order it happened. */
    public List<EnrichedEvent<CallEvent>> answeredCall(String callSid) {
        return List.of(call(callSid, CallStatus.initiated), call(callSid, CallStatus.ringing),
                call(callSid, CallStatus.answered), call(callSid, CallStatus.completed));
    }

    /** The event of {@code execution} (of the call {@code callSid}) reaching {@code phase}. */
    public EnrichedEvent<ToolExecutionEvent> tool(String callSid, String execution, ToolExecutionPhase phase) {
        boolean finished = phase != ToolExecutionPhase.started;
        Instant startedAt = ANSWER.plusSeconds(10);
        Instant at = finished ? startedAt.plusMillis(1200) : startedAt;
        ToolExecutionEvent event = ToolExecutionEvent.newBuilder(SampleEvents.toolExecutionEvent())
                .setEventId(SampleEvents.id(execution + phase)).setEventTime(at).setCallSid(callSid)
                .setExecutionId(SampleEvents.id(execution)).setPhase(phase)
                .setStatus(switch (phase) {
                    case started -> ToolExecutionStatus.running;
                    case completed -> ToolExecutionStatus.completed;
                    case failed -> ToolExecutionStatus.failed;
                })
                .setOutputData(phase == ToolExecutionPhase.completed ? "{\"order\": \"shipped\"}" : null)
                .setErrorDetails(phase == ToolExecutionPhase.failed ? "{\"http_status\": 504}" : null)
                .setStartedAt(startedAt).setCompletedAt(finished ? at : null).setDurationMs(finished ? 1200 : null)
                .setCostUsd(finished ? new BigDecimal("0.000150") : null)
                .build();
        return new EnrichedEvent<>(TestRecords.sourced(event, offset++), null, null);
    }

    /** A row as text (JSON), without the columns named: what tests compare. */
    public static String row(DatabaseSettings database, String table, String where, String... without) throws SQLException {
        StringBuilder drop = new StringBuilder();
        for (String column : without) {
            drop.append(" - '").append(column).append('\'');
        }
        List<String> rows = strings(database, "SELECT (to_jsonb(t)" + drop + ")::text FROM " + table + " t WHERE "
                + where);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row of " + table + " where " + where + ", found " + rows.size());
        }
        return rows.get(0);
    }

    public static List<String> strings(DatabaseSettings database, String sql, Object... parameters) throws SQLException {
        try (Connection c = database.open(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            List<String> values = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    public static long count(DatabaseSettings database, String sql) throws SQLException {
        return Long.parseLong(strings(database, sql).get(0));
    }
}
