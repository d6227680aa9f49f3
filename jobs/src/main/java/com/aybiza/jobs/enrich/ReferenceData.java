package com.aybiza.jobs.enrich;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The reference data events point at, as the platform's tables hold it: organizations, tenants, users, agents,
 * agent versions, phone numbers and API keys. Read whole, or for a few ids, from a {@link ReferenceSource}; owned by
 * one task's {@link ReferenceDataCache}.
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

    private final Set<UUID> organizations = new HashSet<>();
    private final Map<UUID, Tenant> tenants = new HashMap<>();
    private final Map<UUID, User> users = new HashMap<>();
    private final Map<UUID, Agent> agents = new HashMap<>();
    private final Map<UUID, AgentVersion> agentVersions = new HashMap<>();
    private final Map<UUID, PhoneNumber> phoneNumbers = new HashMap<>();
    private final Map<UUID, ApiKey> apiKeys = new HashMap<>();

    /** Adds an organization's id; the adders build the data, in {@link JdbcReferenceSource} or in memory. */
    ReferenceData addOrganization(UUID id) {
        organizations.add(id);
        return this;
    }

    ReferenceData add(Tenant t) {
        tenants.put(t.id(), t);
        return this;
    }

    ReferenceData add(User u) {
        users.put(u.id(), u);
        return this;
    }

    ReferenceData add(Agent a) {
        agents.put(a.id(), a);
        return this;
    }

    ReferenceData add(AgentVersion v) {
        agentVersions.put(v.id(), v);
        return this;
    }

    ReferenceData add(PhoneNumber p) {
        phoneNumbers.put(p.id(), p);
        return this;
    }

    ReferenceData add(ApiKey k) {
        apiKeys.put(k.id(), k);
        return this;
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
