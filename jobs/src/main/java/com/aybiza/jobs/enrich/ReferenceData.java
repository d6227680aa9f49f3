package com.aybiza.jobs.enrich;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One snapshot of the reference data events point at: organizations, tenants, agents, agent versions and phone
 * numbers, as the platform's tables hold them. Immutable; a newer snapshot replaces it whole.
 *
 * <p>Read by a role that sees every tenant (the tables' owner, or a role with BYPASSRLS): under row-level
 * security with no tenant set, the tables would look empty and every event would be refused.
 */
public final class ReferenceData {

    public record Tenant(UUID id, UUID organizationId, String name, String planTier, String status) {
    }

    public record Agent(UUID id, UUID tenantId, String name, String status) {
    }

    public record AgentVersion(UUID id, UUID agentId, int version) {
    }

    public record PhoneNumber(UUID id, UUID tenantId) {
    }

    private final Set<UUID> organizations;
    private final Map<UUID, Tenant> tenants;
    private final Map<UUID, Agent> agents;
    private final Map<UUID, AgentVersion> agentVersions;
    private final Map<UUID, PhoneNumber> phoneNumbers;
    private final long loadedAtMillis;

    ReferenceData(Set<UUID> organizations, Map<UUID, Tenant> tenants, Map<UUID, Agent> agents,
                  Map<UUID, AgentVersion> agentVersions, Map<UUID, PhoneNumber> phoneNumbers, long loadedAtMillis) {
        this.organizations = Set.copyOf(organizations);
        this.tenants = Map.copyOf(tenants);
        this.agents = Map.copyOf(agents);
        this.agentVersions = Map.copyOf(agentVersions);
        this.phoneNumbers = Map.copyOf(phoneNumbers);
        this.loadedAtMillis = loadedAtMillis;
    }

    /** Reads the whole snapshot in one repeatable-read transaction, so that its tables agree with each other. */
    public static ReferenceData load(Connection connection, long nowMillis) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try (Statement st = connection.createStatement()) {
            Set<UUID> organizations = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT id FROM agent_manager.organizations")) {
                while (rs.next()) {
                    organizations.add(rs.getObject(1, UUID.class));
                }
            }
            Map<UUID, Tenant> tenants = new HashMap<>();
            try (ResultSet rs = st.executeQuery(
                    "SELECT id, organization_id, name, plan_tier, status FROM agent_manager.tenants")) {
                while (rs.next()) {
                    Tenant t = new Tenant(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5));
                    tenants.put(t.id(), t);
                }
            }
            Map<UUID, Agent> agents = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT id, tenant_id, name, status FROM agent_manager.agents")) {
                while (rs.next()) {
                    Agent a = new Agent(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4));
                    agents.put(a.id(), a);
                }
            }
            Map<UUID, AgentVersion> versions = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT id, agent_id, version FROM agent_manager.agent_versions")) {
                while (rs.next()) {
                    AgentVersion v = new AgentVersion(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3));
                    versions.put(v.id(), v);
                }
            }
            Map<UUID, PhoneNumber> phones = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT id, tenant_id FROM phone_manager.phone_numbers")) {
                while (rs.next()) {
                    PhoneNumber p = new PhoneNumber(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                    phones.put(p.id(), p);
                }
            }
            connection.commit();
            return new ReferenceData(organizations, tenants, agents, versions, phones, nowMillis);
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    public boolean hasOrganization(UUID id) {
        return organizations.contains(id);
    }

    public Tenant tenant(UUID id) {
        return tenants.get(id);
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

    public long loadedAtMillis() {
        return loadedAtMillis;
    }

    @Override
    public String toString() {
        return organizations.size() + " organizations, " + tenants.size() + " tenants, " + agents.size() + " agents, "
                + agentVersions.size() + " agent versions, " + phoneNumbers.size() + " phone numbers";
    }
}
