package com.aybiza.jobs.enrich;

import com.aybiza.sql.DatabaseSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Writes reference rows into a migrated platform schema, with just the columns their tables require. */
public final class ReferenceRows implements AutoCloseable {

    private final Connection connection;

    public ReferenceRows(DatabaseSettings database) throws SQLException {
        this.connection = database.open();
    }

    private void insert(String sql, Object... values) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                st.setObject(i + 1, values[i]);
            }
            st.executeUpdate();
        }
    }

    public ReferenceRows organization(UUID id) throws SQLException {
        insert("INSERT INTO agent_manager.organizations (id, account_id, name, slug) VALUES (?, ?, ?, ?)",
                id, "AYB-" + businessSuffix(id), "Org " + id, "org-" + id);
        return this;
    }

    public ReferenceRows tenant(UUID id, UUID organization, String name, String planTier) throws SQLException {
        insert("INSERT INTO agent_manager.tenants (id, organization_id, name, slug, subdomain, plan_tier) VALUES (?, ?, ?, ?, ?, ?)",
                id, organization, name, "t-" + id, "t-" + id, planTier);
        return this;
    }

    /** A user of the tenant, and an agent it created with one published version. */
    public ReferenceRows agent(UUID id, UUID version, String name, UUID organization, UUID tenant, UUID user) throws SQLException {
        // The user's role shares its id: a test needs one role per user, no more.
        insert("INSERT INTO agent_manager.roles (id, organization_id, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                user, organization, "role-" + businessSuffix(user));
        insert("INSERT INTO agent_manager.users (id, user_id, email, encrypted_password, full_name, organization_id, tenant_id, "
                + "role_id) VALUES (?, ?, ?, 'x', 'Test User', ?, ?, ?) ON CONFLICT DO NOTHING", user,
                "USR-" + businessSuffix(user), user + "@example.com", organization, tenant, user);
        insert("INSERT INTO agent_manager.agents (id, name, organization_id, tenant_id, created_by_id, system_prompt, status) "
                + "VALUES (?, ?, ?, ?, ?, 'You are a helpful voice agent.', 'active')", id, name, organization, tenant, user);
        insert("INSERT INTO agent_manager.agent_versions (id, agent_id, version, system_prompt, voice_config, language_config, "
                + "model_config, status, created_by_id) VALUES (?, ?, 1, 'p', '{}', '{}', '{}', 'published', ?)", version, id, user);
        return this;
    }

    /** A user of the tenant with a role of its own (sharing its id). */
    public ReferenceRows user(UUID id, UUID organization, UUID tenant) throws SQLException {
        insert("INSERT INTO agent_manager.roles (id, organization_id, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                id, organization, "role-" + businessSuffix(id));
        insert("INSERT INTO agent_manager.users (id, user_id, email, encrypted_password, full_name, organization_id, tenant_id, "
                + "role_id) VALUES (?, ?, ?, 'x', 'Test User', ?, ?, ?)", id, "USR-" + businessSuffix(id),
                id + "@example.com", organization, tenant, id);
        return this;
    }

    public ReferenceRows phoneNumber(UUID id, String number, UUID organization, UUID tenant, UUID user) throws SQLException {
        insert("INSERT INTO phone_manager.phone_numbers (id, number, formatted_number, country_code, local_number, "
                + "acquisition_method, provider, organization_id, tenant_id, region, created_by_id, status) "
                + "VALUES (?, ?, ?, '1', ?, 'managed', 'aybiza', ?, ?, 'us-east', ?, 'active')",
                id, number, number, number.substring(2), organization, tenant, user);
        return this;
    }

    public ReferenceRows apiKey(UUID id, UUID organization, UUID user) throws SQLException {
        insert("INSERT INTO security.api_keys (id, key_hash, name, organization_id, created_by_id) VALUES (?, ?, 'test key', ?, ?)",
                id, "sha256:" + id, organization, user);
        return this;
    }

    /** The id's last twelve hex digits: unique enough for a test, short enough for a VARCHAR(20) business id. */
    private static String businessSuffix(UUID id) {
        return id.toString().substring(24);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
