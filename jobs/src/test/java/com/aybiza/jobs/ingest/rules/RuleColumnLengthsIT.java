package com.aybiza.jobs.ingest.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.SecurityEvent;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The text lengths validation enforces are the columns' lengths in the migrated schema: for every string field the
 * rules bound, a value as long as its column passes and one character more is refused. A migration that widens or
 * narrows a column without the rules following (or the other way round) fails here, not at the sink.
 */
class RuleColumnLengthsIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static DatabaseSettings database;

    /** A field of an event (of its payload, for a security event) and the column it is stored in. */
    private record Bound(Supplier<SpecificRecordBase> sample, String field, String table, String column) {
    }

    @BeforeAll
    static void migrate() throws Exception {
        database = POSTGRES.settings(POSTGRES.newDatabase());
        new SchemaMigrator(database).migrate();
    }

    private static List<Bound> bounds() {
        List<Bound> bounds = new ArrayList<>();
        Supplier<SpecificRecordBase> call = SampleEvents::callEvent;
        for (String column : List.of("call_sid", "from_number", "to_number", "recording_url", "transcript_id",
                "edge_region", "aws_region")) {
            bounds.add(new Bound(call, column, "call_analytics.calls", column));
        }
        bounds.add(new Bound(call, "model_used", "call_analytics.call_analytics", "model_used"));
        bounds.add(new Bound(call, "voice_model_used", "call_analytics.call_analytics", "voice_model_used"));
        Supplier<SpecificRecordBase> turn = RuleColumnLengthsIT::turn;
        bounds.add(new Bound(turn, "call_sid", "call_analytics.calls", "call_sid"));
        bounds.add(new Bound(turn, "model_used", "call_analytics.call_analytics", "model_used"));
        Supplier<SpecificRecordBase> tool = SampleEvents::toolExecutionEvent;
        for (String column : List.of("tool_name", "tool_type", "call_sid")) {
            bounds.add(new Bound(tool, column, "agent_intelligence.tool_executions", column));
        }
        Supplier<SpecificRecordBase> usage = SampleEvents::usageEvent;
        for (String column : List.of("resource_type", "resource_subtype", "unit")) {
            bounds.add(new Bound(usage, column, "billing.usage_metering", column));
        }
        String[][] security = {
            {"PromptInjectionAttempt", "call_sid", "security.prompt_injection_attempts"},
            {"VoiceSecurityEvent", "call_sid", "security.voice_security_events"},
            {"VoiceSecurityEvent", "audio_sample_url", "security.voice_security_events"},
            {"ApiAccessLogEntry", "endpoint", "security.api_access_logs"},
            {"ApiAccessLogEntry", "method", "security.api_access_logs"},
            {"ApiAccessLogEntry", "request_body_hash", "security.api_access_logs"},
            {"ApiAccessLogEntry", "edge_region", "security.api_access_logs"},
            {"ApiAccessLogEntry", "aws_region", "security.api_access_logs"},
            {"AuditLogEntry", "action", "security.audit_logs"},
            {"AuditLogEntry", "resource_type", "security.audit_logs"},
            {"AuditLogEntry", "resource_name", "security.audit_logs"},
            {"AuditLogEntry", "session_id", "security.audit_logs"},
            {"AuditLogEntry", "edge_region", "security.audit_logs"},
            {"AuditLogEntry", "aws_region", "security.audit_logs"},
            {"LoginAttempt", "failure_reason", "identity.login_history"},
            {"LoginAttempt", "device_fingerprint", "identity.login_history"},
            {"LoginAttempt", "authentication_method", "identity.login_history"},
            {"GenericSecurityEvent", "source", "security.security_events"},
        };
        for (String[] s : security) {
            // A fresh payload each time: the check sets one of its fields.
            bounds.add(new Bound(() -> SampleEvents.securityEvent(SampleEvents.securityPayloads().stream()
                    .filter(p -> p.getClass().getSimpleName().equals(s[0])).findFirst().orElseThrow()),
                    s[1], s[2], s[1]));
        }
        return bounds;
    }

    private static SpecificRecordBase turn() {
        return CallTurnEvent.newBuilder().setEventId(UUID.randomUUID()).setEventTime(Instant.parse(
                "2026-11-30T10:00:00Z")).setOrganizationId(SampleEvents.ORGANIZATION).setTenantId(SampleEvents.TENANT)
                .setCallSid("CA1").setTurnIndex(0).setInterrupted(false).setCostUsd(new BigDecimal("0.001000"))
                .build();
    }

    @Test
    void everyBoundedTextFieldIsAsLongAsItsColumn() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Bound bound : bounds()) {
            int length = columnLength(bound.table(), bound.column());
            String at = bound.table() + "." + bound.column() + " (" + length + ")";
            if (!refuses(bound, length + 1)) {
                wrong.add(at + ": " + (length + 1) + " characters of " + bound.field() + " pass validation");
            }
            if (refuses(bound, length)) {
                wrong.add(at + ": " + length + " characters of " + bound.field() + " are refused");
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(bounds()).hasSizeGreaterThan(30);
    }

    /** Whether the rules refuse the sample with {@code field} set to {@code length} characters, for its length. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean refuses(Bound bound, int length) {
        SpecificRecordBase event = bound.sample().get();
        SpecificRecordBase target = event instanceof SecurityEvent s ? (SpecificRecordBase) s.getPayload() : event;
        target.put(target.getSchema().getField(bound.field()).pos(), "a".repeat(length));
        Violations violations = new Violations();
        ((EventRules) EventRules.forType(event.getClass())).check(event, violations);
        return violations.toString().contains(bound.field() + " has " + length + " characters");
    }

    private static int columnLength(String table, String column) throws Exception {
        String[] schemaAndTable = table.split("\\.");
        try (Connection c = database.open(); PreparedStatement st = c.prepareStatement("SELECT "
                + "character_maximum_length FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                + "AND column_name = ?")) {
            st.setString(1, schemaAndTable[0]);
            st.setString(2, schemaAndTable[1]);
            st.setString(3, column);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as(table + "." + column + " exists").isTrue();
                assertThat(rs.getObject(1)).as(table + "." + column + " has a length").isNotNull();
                return rs.getInt(1);
            }
        }
    }
}
