package com.aybiza.jobs.enrich;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The reference data events point at, as the platform's tables hold it: organizations, tenants, users, agents,
 * agent versions and phone numbers. Loaded whole, or for a few ids; owned by one task's {@link ReferenceDataCache}.
 * Each query has its own statement: a second query on one statement would close the first one's rows.
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

    private static final String ORGANIZATIONS = "SELECT id FROM agent_manager.organizations";
    private static final String TENANTS = "SELECT id, organization_id, name, plan_tier, status FROM agent_manager.tenants";
    private static final String USERS = "SELECT id, organization_id FROM agent_manager.users";
    private static final String AGENTS = "SELECT id, tenant_id, name, status FROM agent_manager.agents";
    private static final String AGENT_VERSIONS = "SELECT id, agent_id, version FROM agent_manager.agent_versions";
    private static final String PHONE_NUMBERS = "SELECT id, tenant_id FROM phone_manager.phone_numbers";

    private final Map<UUID, UUID> organizations = new HashMap<>();
    private final Map<UUID, Tenant> tenants = new HashMap<>();
    private final Map<UUID, User> users = new HashMap<>();
    private final Map<UUID, Agent> agents = new HashMap<>();
    private final Map<UUID, AgentVersion> agentVersions = new HashMap<>();
    private final Map<UUID, PhoneNumber> phoneNumbers = new HashMap<>();

    /** Everything, in one repeatable-read transaction so that the tables agree with each other. */
    public static ReferenceData loadAll(Connection connection, Duration timeout) throws SQLException {
        return inTransaction(connection, () -> {
            ReferenceData data = new ReferenceData();
            data.read(all(connection, ORGANIZATIONS, timeout), all(connection, TENANTS, timeout),
                    all(connection, USERS, timeout), all(connection, AGENTS, timeout),
                    all(connection, AGENT_VERSIONS, timeout), all(connection, PHONE_NUMBERS, timeout));
            return data;
        });
    }

    /** Only the rows whose id is one of {@code ids}, whatever table they are in. */
    public static ReferenceData loadIds(Connection connection, Collection<UUID> ids, Duration timeout) throws SQLException {
        return inTransaction(connection, () -> {
            ReferenceData data = new ReferenceData();
            UUID[] wanted = ids.toArray(UUID[]::new);
            data.read(byIds(connection, ORGANIZATIONS, wanted, timeout), byIds(connection, TENANTS, wanted, timeout),
                    byIds(connection, USERS, wanted, timeout), byIds(connection, AGENTS, wanted, timeout),
                    byIds(connection, AGENT_VERSIONS, wanted, timeout), byIds(connection, PHONE_NUMBERS, wanted, timeout));
            return data;
        });
    }

    private static ResultSet all(Connection connection, String select, Duration timeout) throws SQLException {
        PreparedStatement st = connection.prepareStatement(select);
        st.closeOnCompletion();
        st.setQueryTimeout(seconds(timeout));
        return st.executeQuery();
    }

    private static ResultSet byIds(Connection connection, String select, UUID[] ids, Duration timeout) throws SQLException {
        PreparedStatement st = connection.prepareStatement(select + " WHERE id = ANY (?)");
        st.closeOnCompletion();
        st.setQueryTimeout(seconds(timeout));
        st.setArray(1, connection.createArrayOf("uuid", ids));
        return st.executeQuery();
    }

    private interface Load {
        ReferenceData run() throws SQLException;
    }

    private static ReferenceData inTransaction(Connection connection, Load load) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL row_security = off");
        }
        ReferenceData data = load.run();
        connection.commit();
        return data;
    }

    private static int seconds(Duration timeout) {
        return (int) Math.max(1, timeout.toSeconds());
    }

    private void read(ResultSet organizationRows, ResultSet tenantRows, ResultSet userRows, ResultSet agentRows,
                      ResultSet versionRows, ResultSet phoneRows) throws SQLException {
        try (organizationRows; tenantRows; userRows; agentRows; versionRows; phoneRows) {
            while (organizationRows.next()) {
                UUID id = organizationRows.getObject(1, UUID.class);
                organizations.put(id, id);
            }
            while (tenantRows.next()) {
                Tenant t = new Tenant(tenantRows.getObject(1, UUID.class), tenantRows.getObject(2, UUID.class),
                        tenantRows.getString(3), tenantRows.getString(4), tenantRows.getString(5));
                tenants.put(t.id(), t);
            }
            while (userRows.next()) {
                User u = new User(userRows.getObject(1, UUID.class), userRows.getObject(2, UUID.class));
                users.put(u.id(), u);
            }
            while (agentRows.next()) {
                Agent a = new Agent(agentRows.getObject(1, UUID.class), agentRows.getObject(2, UUID.class),
                        agentRows.getString(3), agentRows.getString(4));
                agents.put(a.id(), a);
            }
            while (versionRows.next()) {
                AgentVersion v = new AgentVersion(versionRows.getObject(1, UUID.class), versionRows.getObject(2, UUID.class),
                        versionRows.getInt(3));
                agentVersions.put(v.id(), v);
            }
            while (phoneRows.next()) {
                PhoneNumber p = new PhoneNumber(phoneRows.getObject(1, UUID.class), phoneRows.getObject(2, UUID.class));
                phoneNumbers.put(p.id(), p);
            }
        }
    }

    /** Adds what {@code found} holds (rows looked up by id after the last full load). */
    void putAll(ReferenceData found) {
        organizations.putAll(found.organizations);
        tenants.putAll(found.tenants);
        users.putAll(found.users);
        agents.putAll(found.agents);
        agentVersions.putAll(found.agentVersions);
        phoneNumbers.putAll(found.phoneNumbers);
    }

    /** Whether any table holds a row with this id. */
    boolean holds(UUID id) {
        return organizations.containsKey(id) || tenants.containsKey(id) || users.containsKey(id)
                || agents.containsKey(id) || agentVersions.containsKey(id) || phoneNumbers.containsKey(id);
    }

    public boolean hasOrganization(UUID id) {
        return organizations.containsKey(id);
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

    @Override
    public String toString() {
        return organizations.size() + " organizations, " + tenants.size() + " tenants, " + users.size() + " users, "
                + agents.size() + " agents, " + agentVersions.size() + " agent versions, " + phoneNumbers.size()
                + " phone numbers";
    }
}
