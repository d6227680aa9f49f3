package com.aybiza.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.aybiza.events.ApiAccessLogEntry;
import com.aybiza.events.CallEvent;
import com.aybiza.events.LoginAttempt;
import com.aybiza.events.PromptInjectionAttempt;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.UsageEvent;
import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.SourcedEvent;
import com.aybiza.jobs.ingest.TestRecords;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Enrichment against a real, migrated PostgreSQL: events whose references exist come out with their tenant and
 * agent; unknown or mismatched references are dead-lettered with what is wrong; a tenant created after the snapshot
 * is found by looking it up, and the database's "no such tenant" is trusted for the negative-cache TTL.
 */
class EventEnrichmentFunctionIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final UUID OTHER_ORGANIZATION = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    private static final UUID OTHER_TENANT = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    private static final UUID OTHER_AGENT = UUID.fromString("00000000-0000-4000-8000-00000000000c");
    private static final UUID OTHER_VERSION = UUID.fromString("00000000-0000-4000-8000-00000000000d");
    private static final UUID OTHER_USER = UUID.fromString("00000000-0000-4000-8000-00000000000e");
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);

    private DatabaseSettings database;

    @BeforeEach
    void referenceData() throws Exception {
        database = POSTGRES.settings(POSTGRES.newDatabase());
        new SchemaMigrator(database).migrate();
        try (ReferenceRows rows = new ReferenceRows(database)) {
            rows.organization(SampleEvents.ORGANIZATION)
                    .tenant(SampleEvents.TENANT, SampleEvents.ORGANIZATION, "Acme Support", "premium")
                    .agent(SampleEvents.AGENT, SampleEvents.AGENT_VERSION, "Renewals agent", SampleEvents.ORGANIZATION,
                            SampleEvents.TENANT, SampleEvents.USER)
                    .phoneNumber(SampleEvents.id("phone"), "+14155550123", SampleEvents.ORGANIZATION, SampleEvents.TENANT,
                            SampleEvents.USER)
                    .apiKey(SampleEvents.id("key"), SampleEvents.ORGANIZATION, SampleEvents.USER)
                    .organization(OTHER_ORGANIZATION)
                    .tenant(OTHER_TENANT, OTHER_ORGANIZATION, "Other Co", "starter")
                    .agent(OTHER_AGENT, OTHER_VERSION, "Other agent", OTHER_ORGANIZATION, OTHER_TENANT, OTHER_USER);
        }
    }

    private <T extends SpecificRecordBase> OneInputStreamOperatorTestHarness<SourcedEvent<T>, EnrichedEvent<T>> harness(
            Class<T> type) throws Exception {
        OneInputStreamOperatorTestHarness<SourcedEvent<T>, EnrichedEvent<T>> harness = TestRecords.harness(
                new EventEnrichmentFunction<T>(
                        new ReferenceDataSettings(database, Duration.ofMinutes(1), NEGATIVE_TTL, Duration.ofSeconds(10))),
                EnrichedEvent.enrichedTypeInfo(type));
        harness.setProcessingTime(System.currentTimeMillis());
        harness.open();
        return harness;
    }

    private static List<String> messages(OneInputStreamOperatorTestHarness<?, ?> harness) {
        var side = harness.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue)
                .peek(l -> assertThat(l.getFailedStage().toString()).isEqualTo("enrich"))
                .peek(l -> assertThat(l.getErrorClass().toString()).isEqualTo(UnknownReferenceException.class.getName()))
                .map(l -> l.getErrorMessage().toString()).toList();
    }

    @Test
    void eventsOfEveryContractComeOutWithTheirTenantAndAgent() throws Exception {
        try (var calls = harness(CallEvent.class); var tools = harness(ToolExecutionEvent.class);
             var usage = harness(UsageEvent.class); var security = harness(SecurityEvent.class)) {
            calls.processElement(TestRecords.sourced(SampleEvents.callEvent(), 1), 0);
            tools.processElement(TestRecords.sourced(SampleEvents.toolExecutionEvent(), 1), 0);
            usage.processElement(TestRecords.sourced(SampleEvents.usageEvent(), 1), 0);
            for (Object payload : SampleEvents.securityPayloads()) {
                security.processElement(TestRecords.sourced(SampleEvents.securityEvent(payload), 1), 0);
            }

            EnrichedEvent<CallEvent> call = calls.extractOutputValues().get(0);
            assertThat(call.event).isEqualTo(SampleEvents.callEvent());
            assertThat(List.of(call.tenantName, call.planTier, call.tenantStatus, call.agentName))
                    .containsExactly("Acme Support", "premium", "active", "Renewals agent");
            assertThat(tools.extractOutputValues()).singleElement().extracting(e -> e.agentName).isEqualTo("Renewals agent");
            assertThat(usage.extractOutputValues()).singleElement().extracting(e -> e.tenantName).isEqualTo("Acme Support");
            assertThat(security.extractOutputValues()).hasSize(6);
            for (var h : List.of(calls, tools, usage, security)) {
                assertThat(messages(h)).isEmpty();
            }
        }
    }

    @Test
    void unknownAndMismatchedReferencesAreDeadLetteredWithWhatIsWrong() throws Exception {
        UUID stranger = UUID.fromString("00000000-0000-4000-8000-0000000000ff");
        try (var calls = harness(CallEvent.class)) {
            calls.processElement(TestRecords.sourced(CallEvent.newBuilder(SampleEvents.callEvent())
                    .setTenantId(stranger).build(), 1), 0);
            calls.processElement(TestRecords.sourced(CallEvent.newBuilder(SampleEvents.callEvent())
                    .setOrganizationId(OTHER_ORGANIZATION).build(), 2), 0);
            calls.processElement(TestRecords.sourced(CallEvent.newBuilder(SampleEvents.callEvent())
                    .setAgentId(OTHER_AGENT).build(), 3), 0);
            calls.processElement(TestRecords.sourced(CallEvent.newBuilder(SampleEvents.callEvent())
                    .setAgentVersionId(stranger).setPhoneNumberId(stranger).build(), 4), 0);

            assertThat(calls.extractOutputValues()).isEmpty();
            assertThat(messages(calls)).as("calls").containsExactly(
                    "unknown tenant_id " + stranger,
                    "tenant " + SampleEvents.TENANT + " belongs to organization " + SampleEvents.ORGANIZATION
                            + ", not to organization_id " + OTHER_ORGANIZATION,
                    "agent " + OTHER_AGENT + " belongs to tenant " + OTHER_TENANT + ", not to tenant_id " + SampleEvents.TENANT
                            + "; agent version " + SampleEvents.AGENT_VERSION + " is a version of agent " + SampleEvents.AGENT
                            + ", not of agent_id " + OTHER_AGENT,
                    "unknown agent_version_id " + stranger + "; unknown phone_number_id " + stranger);
        }
        try (var security = harness(SecurityEvent.class)) {
            Object injection = SampleEvents.securityPayloads().stream().filter(PromptInjectionAttempt.class::isInstance)
                    .findFirst().orElseThrow();
            Object login = SampleEvents.securityPayloads().stream().filter(LoginAttempt.class::isInstance)
                    .findFirst().orElseThrow();
            security.processElement(TestRecords.sourced(SampleEvents.securityEvent(PromptInjectionAttempt.newBuilder(
                    (PromptInjectionAttempt) injection).setAgentId(OTHER_AGENT).setAgentVersionId(OTHER_VERSION).build()), 1), 0);
            security.processElement(TestRecords.sourced(SampleEvents.securityEvent(LoginAttempt.newBuilder(
                    (LoginAttempt) login).setUserId(stranger).build()), 2), 0);
            security.processElement(TestRecords.sourced(SampleEvents.securityEvent(LoginAttempt.newBuilder(
                    (LoginAttempt) login).setUserId(OTHER_USER).build()), 3), 0);
            Object apiCall = SampleEvents.securityPayloads().stream().filter(ApiAccessLogEntry.class::isInstance)
                    .findFirst().orElseThrow();
            security.processElement(TestRecords.sourced(SampleEvents.securityEvent(ApiAccessLogEntry.newBuilder(
                    (ApiAccessLogEntry) apiCall).setApiKeyId(stranger).build()), 4), 0);

            assertThat(security.extractOutputValues()).isEmpty();
            assertThat(messages(security)).as("security payloads").containsExactly(
                    "agent " + OTHER_AGENT + " belongs to tenant " + OTHER_TENANT + ", not to tenant_id " + SampleEvents.TENANT,
                    "unknown user_id " + stranger,
                    "user_id " + OTHER_USER + " belongs to organization " + OTHER_ORGANIZATION + ", not to organization_id "
                            + SampleEvents.ORGANIZATION,
                    "unknown api_key_id " + stranger);
        }
    }

    @Test
    void aFailedRefreshKeepsTheDataAndAFailedLookupFailsTheTaskInsteadOfRefusingTheEvent() throws Exception {
        try (var usage = harness(UsageEvent.class);
             Connection admin = database.open(); Statement st = admin.createStatement()) {
            st.execute("ALTER TABLE agent_manager.tenants RENAME TO tenants_away");
            try {
                usage.setProcessingTime(System.currentTimeMillis() + Duration.ofMinutes(2).toMillis());
                usage.processElement(TestRecords.sourced(SampleEvents.usageEvent(), 1), 0);
                assertThat(usage.extractOutputValues()).singleElement().extracting(e -> e.tenantName).isEqualTo("Acme Support");

                assertThatThrownBy(() -> usage.processElement(usageOf(UUID.randomUUID(), 2), 0))
                        .isInstanceOf(SQLException.class).hasMessageContaining("tenants");
            } finally {
                st.execute("ALTER TABLE agent_manager.tenants_away RENAME TO tenants");
            }
        }
    }

    @Test
    void aRoleUnderRowLevelSecurityGetsAnErrorNotEmptyTables() throws Exception {
        try (Connection admin = database.open(); Statement st = admin.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'enrich_reader') THEN "
                    + "CREATE ROLE enrich_reader LOGIN PASSWORD 'reader'; END IF; END $$");
            st.execute("GRANT USAGE ON SCHEMA agent_manager, phone_manager TO enrich_reader");
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA agent_manager, phone_manager TO enrich_reader");
        }
        DatabaseSettings reader = new DatabaseSettings(database.jdbcUrl(), "enrich_reader", "reader");
        var function = new EventEnrichmentFunction<UsageEvent>(
                new ReferenceDataSettings(reader, Duration.ofMinutes(1), NEGATIVE_TTL, Duration.ofSeconds(10)));
        try (var usage = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function))) {
            assertThatThrownBy(usage::open).hasStackTraceContaining("row-level security");
        }
    }

    @Test
    void aTenantCreatedAfterTheSnapshotIsFoundAndADeniedIdIsNotAskedAgainWithinTheNegativeTtl() throws Exception {
        UUID late = UUID.fromString("00000000-0000-4000-8000-000000000101");
        UUID later = UUID.fromString("00000000-0000-4000-8000-000000000102");
        try (var usage = harness(UsageEvent.class)) {
            long start = System.currentTimeMillis();
            try (ReferenceRows rows = new ReferenceRows(database)) {
                rows.tenant(late, SampleEvents.ORGANIZATION, "Late Ltd", "starter");
            }
            usage.processElement(usageOf(late, 1), 0);

            // Denied: the tenant does not exist yet. Created a moment later, it is not asked for again within the TTL.
            usage.setProcessingTime(start + 1_000);
            usage.processElement(usageOf(later, 2), 0);
            try (ReferenceRows rows = new ReferenceRows(database)) {
                rows.tenant(later, SampleEvents.ORGANIZATION, "Later Ltd", "starter");
            }
            usage.setProcessingTime(start + 2_000);
            usage.processElement(usageOf(later, 3), 0);
            // Past the TTL: asked again, found.
            usage.setProcessingTime(start + 1_000 + NEGATIVE_TTL.toMillis());
            usage.processElement(usageOf(later, 4), 0);

            assertThat(usage.extractOutputValues()).extracting(e -> e.source.offset, e -> e.tenantName)
                    .containsExactly(tuple(1L, "Late Ltd"), tuple(4L, "Later Ltd"));
            assertThat(messages(usage)).containsExactly("unknown tenant_id " + later, "unknown tenant_id " + later);
        }
    }

    @Test
    void usageOfATenantOrAgentDeletedSinceIsStillBilledButANeverBilledUnknownTenantIsNot() throws Exception {
        UUID gone = UUID.fromString("00000000-0000-4000-8000-000000000201");
        UUID neverBilled = UUID.fromString("00000000-0000-4000-8000-000000000202");
        UUID deletedAgent = UUID.fromString("00000000-0000-4000-8000-000000000203");
        try (java.sql.Connection c = database.open(); java.sql.Statement st = c.createStatement()) {
            // The tenant was billed before it was deleted: its usage is in the idempotency table, its row is gone.
            st.execute("INSERT INTO billing.usage_idempotency (tenant_id, event_id, fingerprint, event_time) VALUES ('"
                    + gone + "', gen_random_uuid(), 1, now())");
        }
        try (var usage = harness(UsageEvent.class)) {
            usage.processElement(usageOf(gone, 1), 0);
            usage.processElement(TestRecords.sourced(UsageEvent.newBuilder(SampleEvents.usageEvent())
                    .setAgentId(deletedAgent).build(), 2), 0);
            usage.processElement(usageOf(neverBilled, 3), 0);

            assertThat(usage.extractOutputValues()).extracting(e -> e.source.offset, e -> e.tenantStatus)
                    .containsExactly(tuple(1L, EventEnrichmentFunction.DELETED), tuple(2L, "active"));
            assertThat(messages(usage)).containsExactly("unknown tenant_id " + neverBilled);
        }
        // Other contracts still refuse an unknown agent: their rows hold foreign keys to it.
        try (var calls = harness(CallEvent.class)) {
            calls.processElement(TestRecords.sourced(CallEvent.newBuilder(SampleEvents.callEvent())
                    .setAgentId(deletedAgent).setAgentVersionId(null).build(), 4), 0);
            assertThat(calls.extractOutputValues()).isEmpty();
        }
    }

    private static SourcedEvent<UsageEvent> usageOf(UUID tenant, long offset) {
        return TestRecords.sourced(UsageEvent.newBuilder(SampleEvents.usageEvent()).setTenantId(tenant).setAgentId(null)
                .build(), offset);
    }
}
