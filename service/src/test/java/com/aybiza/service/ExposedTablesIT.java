package com.aybiza.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.service.catalog.ExposedTable;
import com.aybiza.service.catalog.ExposedTables;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The allow-list (ExposedTables) and the migration (V42) state the same facts twice; this ties them together: every
 * exposed table is under row-level security with a policy for both request roles, its ownership matches its
 * columns, and no table the jobs write is exposed.
 */
class ExposedTablesIT {

    @RegisterExtension
    static final ServiceHarness SERVICE = new ServiceHarness();

    /** What the jobs write (jobs/): the service leaves these to them. */
    static final Set<String> WRITTEN_BY_JOBS = Set.of("call_analytics.calls", "call_analytics.call_analytics",
            "call_analytics.detailed_metrics", "agent_intelligence.tool_executions", "billing.usage_metering",
            "billing.usage_idempotency", "security.security_events", "security.prompt_injection_attempts",
            "security.voice_security_events", "security.api_access_logs", "security.audit_logs",
            "identity.login_history");

    @Test
    void everyExposedTableIsUnderRowLevelSecurityForBothRequestRoles() throws Exception {
        for (ExposedTable table : ExposedTables.ALL) {
            String name = table.qualifiedName();
            assertThat(SERVICE.ownerQuery("SELECT relrowsecurity FROM pg_class WHERE oid = ?::regclass", name))
                    .as(name).containsExactly("t");
            for (String role : List.of("application_role", "admin_role")) {
                assertThat(SERVICE.ownerQuery("SELECT count(*) > 0 FROM pg_policies WHERE schemaname || '.' || "
                        + "tablename = ? AND ? = ANY (roles)", name, role)).as(name + " " + role).containsExactly("t");
            }
        }
    }

    @Test
    void ownershipMatchesTheColumnsAndNoJobTableIsExposed() throws Exception {
        for (ExposedTable table : ExposedTables.ALL) {
            String name = table.qualifiedName();
            assertThat(WRITTEN_BY_JOBS).doesNotContain(name);
            List<String> columns = SERVICE.ownerQuery("SELECT string_agg(attname, ',') FROM pg_attribute WHERE "
                    + "attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped AND attname IN "
                    + "('tenant_id', 'organization_id')", name);
            String owners = columns.get(0) == null ? "" : columns.get(0);
            switch (table.ownership()) {
                case TENANT -> assertThat(owners).as(name).contains("tenant_id");
                case ORGANIZATION, TENANT_ITSELF -> assertThat(owners).as(name).isEqualTo("organization_id");
                case CHILD, PLATFORM, ORGANIZATION_ITSELF -> assertThat(owners).as(name).isEmpty();
            }
        }
        assertThat(ExposedTables.ALL.stream().map(ExposedTable::name).distinct().count())
                .as("collection names are unique").isEqualTo(ExposedTables.ALL.size());
    }

    /** The service's own machinery (V42's key ring, V44's request counters) is no collection and no request's. */
    @Test
    void theServicesOwnTablesAreNeitherExposedNorReachableByARequest() throws Exception {
        List<String> machinery = List.of("keyring.data_keys", "ratelimit.api_key_request_windows");
        assertThat(ExposedTables.ALL).extracting(ExposedTable::schema).doesNotContain("keyring", "ratelimit");
        assertThat(SERVICE.newTenant("machinery").client().get("/v1/api_key_request_windows").status())
                .isEqualTo(404);
        for (String role : List.of("application_role", "admin_role")) {
            assertThat(SERVICE.ownerQuery("SELECT has_table_privilege(?, ?, 'SELECT, INSERT, UPDATE, DELETE')", role,
                    machinery.get(1))).as(role).containsExactly("f");
        }
        // Row-level security with no policy: a role granted the table by mistake would still see no row.
        assertThat(SERVICE.ownerQuery("SELECT relrowsecurity || ' ' || (SELECT count(*) FROM pg_policies "
                + "WHERE schemaname = 'ratelimit') FROM pg_class WHERE oid = ?::regclass", machinery.get(1)))
                .containsExactly("true 0");
    }
}
