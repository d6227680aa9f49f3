package com.aybiza.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant isolation as the application sees it: a login that is a member of application_role, with
 * app.current_tenant_id set per session, against two tenants' users and agents. Also the organization-level policy
 * for admin_role, and what bi_reader may read.
 */
class RowLevelSecurityIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    static final UUID ORG_1 = UUID.randomUUID(), ORG_2 = UUID.randomUUID();
    static final UUID TENANT_A = UUID.randomUUID(), TENANT_B = UUID.randomUUID(), TENANT_C = UUID.randomUUID();
    static final UUID USER_A = UUID.randomUUID(), USER_B = UUID.randomUUID(), USER_C = UUID.randomUUID();
    static final UUID AGENT_A = UUID.randomUUID(), AGENT_B = UUID.randomUUID();
    static String db;

    @BeforeAll
    static void migrateAndSeedTwoTenants() throws Exception {
        db = POSTGRES.newDatabase();
        new SchemaMigrator(POSTGRES.settings(db)).migrate();
        try (Connection c = POSTGRES.settings(db).open(); Statement st = c.createStatement()) {
            // Tenants A and B belong to organization 1, tenant C to organization 2.
            st.execute("""
                    INSERT INTO agent_manager.organizations (id, account_id, name, slug) VALUES
                        ('%1$s', 'AYB-0001-0001-0001', 'Org one', 'org-one'), ('%2$s', 'AYB-0002-0002-0002', 'Org two', 'org-two');
                    INSERT INTO agent_manager.tenants (id, organization_id, name, slug, subdomain) VALUES
                        ('%3$s', '%1$s', 'Tenant A', 'tenant-a', 'a'), ('%4$s', '%1$s', 'Tenant B', 'tenant-b', 'b'),
                        ('%5$s', '%2$s', 'Tenant C', 'tenant-c', 'c');
                    INSERT INTO agent_manager.roles (id, organization_id, name) VALUES
                        ('%6$s', '%1$s', 'admin'), ('%7$s', '%2$s', 'admin');
                    INSERT INTO agent_manager.users (id, user_id, email, encrypted_password, full_name, organization_id, tenant_id, role_id) VALUES
                        ('%8$s', 'USR-A', 'a@example.com', 'x', 'User A', '%1$s', '%3$s', '%6$s'),
                        ('%9$s', 'USR-B', 'b@example.com', 'x', 'User B', '%1$s', '%4$s', '%6$s'),
                        ('%10$s', 'USR-C', 'c@example.com', 'x', 'User C', '%2$s', '%5$s', '%7$s');
                    INSERT INTO agent_manager.agents (id, name, organization_id, tenant_id, created_by_id, system_prompt) VALUES
                        ('%11$s', 'Agent A', '%1$s', '%3$s', '%8$s', 'You help A.'),
                        ('%12$s', 'Agent B', '%1$s', '%4$s', '%9$s', 'You help B.');
                    CREATE ROLE app_login LOGIN PASSWORD 'app' IN ROLE application_role;
                    CREATE ROLE admin_login LOGIN PASSWORD 'admin' IN ROLE admin_role;
                    CREATE ROLE bi_login LOGIN PASSWORD 'bi' IN ROLE bi_reader;
                    """.formatted(ORG_1, ORG_2, TENANT_A, TENANT_B, TENANT_C, UUID.randomUUID(), UUID.randomUUID(),
                    USER_A, USER_B, USER_C, AGENT_A, AGENT_B));
        }
    }

    private static Connection login(String user, String password) throws SQLException {
        return new DatabaseSettings(POSTGRES.settings(db).jdbcUrl(), user, password).open();
    }

    @Test
    void tenantSeesOnlyItsOwnUsersAndAgents() throws Exception {
        try (Connection c = login("app_login", "app"); Statement st = c.createStatement()) {
            st.execute("SET app.current_tenant_id = '" + TENANT_A + "'");
            assertThat(Catalog.strings(c, "SELECT id FROM agent_manager.users")).containsExactly(USER_A.toString());
            assertThat(Catalog.strings(c, "SELECT id FROM agent_manager.agents")).containsExactly(AGENT_A.toString());
            assertThat(Catalog.strings(c, "SELECT id FROM agent_manager.tenants")).containsExactly(TENANT_A.toString());
        }
    }

    @Test
    void tenantCannotUpdateOrInsertAnotherTenantsRows() throws Exception {
        try (Connection c = login("app_login", "app"); Statement st = c.createStatement()) {
            st.execute("SET app.current_tenant_id = '" + TENANT_A + "'");
            assertThat(st.executeUpdate("UPDATE agent_manager.users SET full_name = 'taken' WHERE id = '" + USER_B + "'")).isZero();
            assertThat(st.executeUpdate("UPDATE agent_manager.agents SET name = 'taken' WHERE id = '" + AGENT_B + "'")).isZero();
            assertThat(st.executeUpdate("DELETE FROM agent_manager.agents WHERE id = '" + AGENT_B + "'")).isZero();
            assertThatThrownBy(() -> st.executeUpdate("UPDATE agent_manager.agents SET tenant_id = '" + TENANT_B
                    + "' WHERE id = '" + AGENT_A + "'")).hasMessageContaining("row-level security");
            assertThatThrownBy(() -> st.execute("INSERT INTO agent_manager.agents (name, organization_id, tenant_id, "
                    + "created_by_id, system_prompt) VALUES ('intruder', '" + ORG_1 + "', '" + TENANT_B + "', '"
                    + USER_B + "', 'x')")).hasMessageContaining("row-level security");
        }
        try (Connection owner = POSTGRES.settings(db).open()) {
            assertThat(Catalog.strings(owner, "SELECT full_name FROM agent_manager.users WHERE id = ?", USER_B))
                    .containsExactly("User B");
            assertThat(Catalog.strings(owner, "SELECT name FROM agent_manager.agents WHERE id = ?", AGENT_B))
                    .containsExactly("Agent B");
        }
    }

    @Test
    void withoutATenantTheQueryFailsRatherThanShowingEveryone() throws Exception {
        try (Connection c = login("app_login", "app"); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> Catalog.strings(c, "SELECT id FROM agent_manager.users"))
                    .hasMessageContaining("app.current_tenant_id");
            assertThatThrownBy(() -> Catalog.strings(c, "SELECT id FROM agent_manager.agents"))
                    .hasMessageContaining("app.current_tenant_id");
            // A setting that was set and then reset reads as '' in PostgreSQL: still no rows, an error instead.
            st.execute("SET app.current_tenant_id = '" + TENANT_A + "'");
            st.execute("RESET app.current_tenant_id");
            assertThatThrownBy(() -> Catalog.strings(c, "SELECT id FROM agent_manager.users"))
                    .hasMessageContaining("invalid input syntax for type uuid");
        }
    }

    @Test
    void adminSeesTheUsersOfItsOrganizationOnly() throws Exception {
        try (Connection c = login("admin_login", "admin"); Statement st = c.createStatement()) {
            st.execute("SET app.current_organization_id = '" + ORG_1 + "'");
            assertThat(Catalog.strings(c, "SELECT id FROM agent_manager.users ORDER BY user_id"))
                    .containsExactly(USER_A.toString(), USER_B.toString());
        }
    }

    @Test
    void biReaderReadsTheAggregateViewsAndNothingElse() throws Exception {
        try (Connection c = login("bi_login", "bi")) {
            for (String view : new String[] {"call_analytics.call_analytics_hourly", "call_analytics.tenant_usage_daily",
                    "call_analytics.performance_metrics_hourly", "security.security_events_daily",
                    "billing.usage_hourly", "billing.billing_daily", "call_analytics.latency_percentiles_hourly"}) {
                assertThat(Catalog.strings(c, "SELECT count(*) FROM " + view)).as(view).containsExactly("0");
            }
            assertThatThrownBy(() -> Catalog.strings(c, "SELECT count(*) FROM billing.usage_metering"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> Catalog.strings(c, "SELECT count(*) FROM call_analytics.calls"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> Catalog.strings(c, "SELECT count(*) FROM agent_manager.users"))
                    .hasMessageContaining("permission denied");
        }
    }
}
