package com.aybiza.jobs.enrich;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The reference data events point at, as the platform's tables hold it: organizations, tenants, users, agents,
 * agent versions, phone numbers and API keys. Loaded whole, or for a few ids; owned by one task's
 * {@link ReferenceDataCache}.
 *
 * <p>Reads run with {@code row_security = off}: the role must see every tenant (the tables' owner, or a role with
 * BYPASSRLS). A role under row-level security then gets an error, not tables that look empty, which would refuse
 * every event without a word.
 */
public final class ReferenceData {

    public record Tenant(UUID id, UUID organizationId, String name, String planTier, String status) {
    }

    public record User(UUID id, UUID organizationId) {
    }

    public record Agent(UUID id, UUID tenantId, String name, String status) {
    }

    public record AgentVersion(UUID id, UUID agentId, int version) {
    }

    public record PhoneNumber(UUID id, UUID tenantId) {
    }

    /** @param requestsPerMinute the key's {@code rate_limit.requests_per_minute}; null when it sets none */
    public record ApiKey(UUID id, UUID organizationId, Integer requestsPerMinute) {
    }

    private static final String ORGANIZATIONS = "SELECT id FROM agent_manager.organizations";
    private static final String TENANTS = "SELECT id, organization_id, name, plan_tier, status FROM agent_manager.tenants";
    private static final String USERS = "SELECT id, organization_id FROM agent_manager.users";
    private static final String AGENTS = "SELECT id, tenant_id, name, status FROM agent_manager.agents";
    private static final String AGENT_VERSIONS = "SELECT id, agent_id, version FROM agent_manager.agent_versions";
    private static final String PHONE_NUMBERS = "SELECT id, tenant_id FROM phone_manager.phone_numbers";
    private static final String API_KEYS = "SELECT id, organization_id, "
            + "(rate_limit->>'requests_per_minute')::int FROM security.api_keys";

    private final Set<UUID> organizations = new HashSet<>();
    private final Map<UUID, Tenant> tenants = new HashMap<>();
    private final Map<UUID, User> users = new HashMap<>();
    private final Map<UUID, Agent> agents = new HashMap<>();
    private final Map<UUID, AgentVersion> agentVersions = new HashMap<>();
    private final Map<UUID, PhoneNumber> phoneNumbers = new HashMap<>();
    private final Map<UUID, ApiKey> apiKeys = new HashMap<>();

    /** Everything, in one repeatable-read transaction so that the tables agree with each other. */
    public static ReferenceData loadAll(Connection connection, Duration timeout) throws SQLException {
        return inTransaction(connection, timeout, null);
    }

    /** Only the rows whose id is one of {@code ids}, whatever table they are in. */
    public static ReferenceData loadIds(Connection connection, Collection<UUID> ids, Duration timeout) throws SQLException {
        return inTransaction(connection, timeout, ids.toArray(UUID[]::new));
    }

    /**
     * Reads each table in turn ({@code ids} null: all its rows), in one read-only repeatable-read transaction with
     * row-level security off; on failure the transaction is rolled back, and the connection's settings are restored
     * either way, so that a caller's connection is never left in an aborted transaction.
     */
    private static ReferenceData inTransaction(Connection connection, Duration timeout, UUID[] ids) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        boolean readOnly = connection.isReadOnly();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (Statement st = connection.createStatement()) {
                st.execute("SET LOCAL row_security = off");
            }
            ReferenceData data = new ReferenceData();
            read(connection, ORGANIZATIONS, ids, timeout, rs -> data.organizations.add(rs.getObject(1, UUID.class)));
            read(connection, TENANTS, ids, timeout, rs -> {
                Tenant t = new Tenant(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5));
                data.tenants.put(t.id(), t);
            });
            read(connection, USERS, ids, timeout, rs -> {
                User u = new User(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                data.users.put(u.id(), u);
            });
            read(connection, AGENTS, ids, timeout, rs -> {
                Agent a = new Agent(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4));
                data.agents.put(a.id(), a);
            });
            read(connection, AGENT_VERSIONS, ids, timeout, rs -> {
                AgentVersion v = new AgentVersion(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3));
                data.agentVersions.put(v.id(), v);
            });
            read(connection, PHONE_NUMBERS, ids, timeout, rs -> {
                PhoneNumber p = new PhoneNumber(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                data.phoneNumbers.put(p.id(), p);
            });
            read(connection, API_KEYS, ids, timeout, rs -> {
                ApiKey k = new ApiKey(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, Integer.class));
                data.apiKeys.put(k.id(), k);
            });
            connection.commit();
            restore(connection, autoCommit, readOnly, isolation);
            return data;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
                restore(connection, autoCommit, readOnly, isolation);
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup); // the first error says what went wrong; a broken connection says no more
            }
            throw e;
        }
    }

    private static void restore(Connection connection, boolean autoCommit, boolean readOnly, int isolation)
            throws SQLException {
        connection.setReadOnly(readOnly);
        connection.setTransactionIsolation(isolation);
        connection.setAutoCommit(autoCommit);
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void read(Connection connection, String select, UUID[] ids, Duration timeout, Row row)
            throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(ids == null ? select : select + " WHERE id = ANY (?)")) {
            st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            if (ids != null) {
                st.setArray(1, connection.createArrayOf("uuid", ids));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

    /** Adds what {@code found} holds (rows looked up by id after the last full load). */
    void putAll(ReferenceData found) {
        organizations.addAll(found.organizations);
        tenants.putAll(found.tenants);
        users.putAll(found.users);
        agents.putAll(found.agents);
        agentVersions.putAll(found.agentVersions);
        phoneNumbers.putAll(found.phoneNumbers);
        apiKeys.putAll(found.apiKeys);
    }

    /** Whether any table holds a row with this id. */
    boolean holds(UUID id) {
        return organizations.contains(id) || tenants.containsKey(id) || users.containsKey(id)
                || agents.containsKey(id) || agentVersions.containsKey(id) || phoneNumbers.containsKey(id)
                || apiKeys.containsKey(id);
    }

    public boolean hasOrganization(UUID id) {
        return organizations.contains(id);
    }

    public Tenant tenant(UUID id) {
        return tenants.get(id);
    }

    public User user(UUID id) {
        return users.get(id);
    }

    public Agent agent(UUID id) {
        return agents.get(id);
    }

    public AgentVersion agentVersion(UUID id) {
        return agentVersions.get(id);
    }

    public PhoneNumber phoneNumber(UUID id) {
        return phoneNumbers.get(id);
    }

    public ApiKey apiKey(UUID id) {
        return apiKeys.get(id);
    }

    @Override
    public String toString() {
        return organizations.size() + " organizations, " + tenants.size() + " tenants, " + users.size() + " users, "
                + agents.size() + " agents, " + agentVersions.size() + " agent versions, " + phoneNumbers.size()
                + " phone numbers, " + apiKeys.size() + " API keys";
    }
}
