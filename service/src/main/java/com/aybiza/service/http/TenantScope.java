package com.aybiza.service.http;

import com.aybiza.service.auth.ApiKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Drops the request's transaction to the key's database role and sets its tenant and organization, all LOCAL to
 * the transaction: commit or rollback restores the pooled connection to the service's own login, and the next
 * request cannot inherit them. From here on, row-level security decides what the request sees.
 */
final class TenantScope {

    private TenantScope() {
    }

    static void enter(Connection c, ApiKey key) throws SQLException {
        try (Statement st = c.createStatement()) {
            // A tenant's key acts as application_role; an organization's key (no tenant) as admin_role.
            st.execute(key.tenantScoped() ? "SET LOCAL ROLE application_role" : "SET LOCAL ROLE admin_role");
        }
        try (PreparedStatement st = c.prepareStatement("SELECT set_config('app.current_organization_id', ?, true), "
                + "set_config('app.current_tenant_id', ?, true), set_config('app.platform_admin', ?, true)")) {
            st.setString(1, key.organizationId().toString());
            // An organization's key sets no tenant: application_role's policies would fail on it, never widen.
            st.setString(2, key.tenantScoped() ? key.tenantId().toString() : "");
            st.setString(3, key.permissions().platformAdmin() ? "on" : "off");
            st.execute();
        }
    }
}
