package com.aybiza.service.bootstrap;

import com.aybiza.service.auth.ApiKeyTokens;
import com.aybiza.service.catalog.IdentifierFormat;
import com.aybiza.service.crypto.PasswordHasher;
import com.aybiza.sql.DatabaseSettings;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;

/**
 * bin/aybiza bootstrap: creates an organization with one tenant, an admin role, an admin user and that user's API
 * key, in one transaction as the schema owner (before any key exists there is no one to authenticate). The key is
 * returned once and stored only as its hash. Run again with another name for another organization.
 *
 * <p>The key belongs to the first tenant, or, with {@code organizationWide}, to the whole organization: such a key
 * acts as admin_role, sees every tenant of the organization, and can create tenants and issue their keys.
 */
public final class Bootstrapper {

    /** Every action on every collection, and the decrypted secrets; platform-wide tables only if asked. */
    static final String ADMIN_PERMISSIONS = "{\"*\": [\"read\", \"write\", \"delete\", \"read_secrets\"]}";
    static final String PLATFORM_ADMIN_PERMISSIONS =
            "{\"*\": [\"read\", \"write\", \"delete\", \"read_secrets\"], \"platform_admin\": true}";

    /** The administrator's key works at ten times the document's default key rate. */
    static final String ADMIN_RATE_LIMIT =
            "{\"requests_per_minute\": 1000, \"requests_per_hour\": 10000, \"requests_per_day\": 100000}";

    /** What was created, and the key, which nothing stores in plain text. */
    public record Result(UUID organizationId, String accountId, UUID tenantId, UUID userId, String userHandle,
                         UUID apiKeyId, String apiKey) {
    }

    private final DatabaseSettings database;
    private final SecureRandom random;
    private final Clock clock;

    public Bootstrapper(DatabaseSettings database, SecureRandom random, Clock clock) {
        this.database = database;
        this.random = random;
        this.clock = clock;
    }

    public Result bootstrap(String organizationName, String slug, String adminEmail, boolean platformAdmin,
                            boolean organizationWide) throws SQLException {
        if (!slug.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("--slug must be lower-case letters, digits and dashes, got " + slug);
        }
        UUID org = UUID.randomUUID(), tenant = UUID.randomUUID(), role = UUID.randomUUID(), user = UUID.randomUUID();
        UUID keyId = UUID.randomUUID();
        String accountId = IdentifierFormat.ACCOUNT.generate(random, clock);
        String userHandle = IdentifierFormat.USER.generate(random, clock);
        String key = new ApiKeyTokens(random).newKey();
        // The admin signs in with SSO or resets this: nobody is told the password, so nobody can use it.
        byte[] unusable = new byte[24];
        random.nextBytes(unusable);
        String passwordHash = new PasswordHasher(random).hash(Base64.getEncoder().encodeToString(unusable));
        try (Connection c = database.open()) {
            c.setAutoCommit(false);
            try {
                // organizations.created_by_id -> users and users.organization_id -> organizations: the FKs between
                // them are DEFERRABLE INITIALLY DEFERRED (V2), so both rows go in before the commit checks them.
                try (Statement st = c.createStatement()) {
                    st.execute("SET CONSTRAINTS ALL DEFERRED");
                }
                update(c, "INSERT INTO agent_manager.organizations (id, account_id, name, slug, created_by_id) "
                        + "VALUES (?, ?, ?, ?, ?)", org, accountId, organizationName, slug, user);
                update(c, "INSERT INTO agent_manager.tenants (id, organization_id, name, slug, subdomain, created_by_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", tenant, org, organizationName, slug, slug, user);
                update(c, "INSERT INTO agent_manager.roles (id, organization_id, name, description, permissions, "
                        + "is_system_role, scope, created_by_id) VALUES (?, ?, 'admin', 'Created by bootstrap', "
                        + "CAST(? AS jsonb), true, 'organization', ?)", role, org, ADMIN_PERMISSIONS, user);
                update(c, "INSERT INTO agent_manager.users (id, user_id, email, encrypted_password, full_name, "
                        + "organization_id, tenant_id, role_id) VALUES (?, ?, ?, ?, 'Administrator', ?, ?, ?)",
                        user, userHandle, adminEmail, passwordHash, org, tenant, role);
                update(c, "INSERT INTO security.api_keys (id, key_hash, name, description, organization_id, tenant_id, "
                        + "created_by_id, permissions, rate_limit) VALUES (?, ?, 'bootstrap admin', "
                        + "'Created by bin/aybiza bootstrap', ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))", keyId,
                        ApiKeyTokens.hash(key), org, organizationWide ? null : tenant, user,
                        platformAdmin ? PLATFORM_ADMIN_PERMISSIONS : ADMIN_PERMISSIONS, ADMIN_RATE_LIMIT);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new Result(org, accountId, tenant, user, userHandle, keyId, key);
    }

    private static void update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            st.executeUpdate();
        }
    }
}
