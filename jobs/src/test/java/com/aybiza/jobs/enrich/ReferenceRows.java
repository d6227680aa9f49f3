package com.aybiza.jobs.enrich;

import com.aybiza.generator.ReferenceRowSql;
import com.aybiza.sql.DatabaseSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Writes reference rows into a migrated platform schema for a test, through the statements the generator uses
 * ({@link ReferenceRowSql}), with values a test chooses.
 */
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
        insert(ReferenceRowSql.ORGANIZATION, id, "AYB-" + businessSuffix(id), "Org " + id, "org-" + id);
        return this;
    }

    public ReferenceRows tenant(UUID id, UUID organization, String name, String planTier) throws SQLException {
        insert(ReferenceRowSql.TENANT, id, organization, name, "t-" + id, "t-" + id, planTier);
        return this;
    }

    /** A user of the tenant, and an agent it created with one published version. */
    public ReferenceRows agent(UUID id, UUID version, String name, UUID organization, UUID tenant, UUID user) throws SQLException {
        user(user, organization, tenant);
        insert(ReferenceRowSql.AGENT, id, name, organization, tenant, user);
        insert(ReferenceRowSql.AGENT_VERSION, version, id, "eleven-turbo", "claude-sonnet-4", user);
        return this;
    }

    /** A user of the tenant with a role of its own (sharing its id); a second call for the same user adds nothing. */
    public ReferenceRows user(UUID id, UUID organization, UUID tenant) throws SQLException {
        insert(ReferenceRowSql.ROLE + " ON CONFLICT DO NOTHING", id, organization, "role-" + businessSuffix(id));
        insert(ReferenceRowSql.USER + " ON CONFLICT DO NOTHING", id, "USR-" + businessSuffix(id), id + "@example.com",
                "Test User", organization, tenant, id);
        return this;
    }

    public ReferenceRows phoneNumber(UUID id, String number, UUID organization, UUID tenant, UUID user) throws SQLException {
        insert(ReferenceRowSql.PHONE_NUMBER, id, number, number, number.substring(2), organization, tenant, null,
                "us-east", user);
        return this;
    }

    public ReferenceRows apiKey(UUID id, UUID organization, UUID user) throws SQLException {
        insert(ReferenceRowSql.API_KEY, id, "sha256:" + id, "test key", organization, user);
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
