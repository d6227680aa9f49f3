package com.aybiza.generator;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The organizations, tenants, roles, users, agents, agent versions and phone numbers the generator invents; the
 * events refer to them, and `--jdbc-url` writes them to the database so that enrichment finds them.
 */
record ReferenceData(List<Organization> organizations, List<Tenant> tenants, List<Role> roles, List<User> users,
                     List<Agent> agents, List<PhoneNumber> phoneNumbers) {

    record Organization(UUID id, String accountId, String name, String slug) {}

    record Tenant(UUID id, UUID organizationId, String name, String slug, String planTier) {}

    record Role(UUID id, UUID organizationId, String name) {}

    record User(UUID id, String userId, String email, String fullName, UUID organizationId, UUID tenantId, UUID roleId) {}

    record Agent(UUID id, String name, UUID organizationId, UUID tenantId, UUID createdById, UUID versionId,
                 String model, String voiceModel) {}

    record PhoneNumber(UUID id, String number, UUID organizationId, UUID tenantId, UUID agentId, UUID createdById,
                       String region) {}

    ReferenceData {
        organizations = List.copyOf(organizations);
        tenants = List.copyOf(tenants);
        roles = List.copyOf(roles);
        users = List.copyOf(users);
        agents = List.copyOf(agents);
        phoneNumbers = List.copyOf(phoneNumbers);
    }

    Map<UUID, List<Agent>> agentsByTenant() {
        return agents.stream().collect(Collectors.groupingBy(Agent::tenantId));
    }

    Map<UUID, PhoneNumber> phoneNumberByAgent() {
        return phoneNumbers.stream().collect(Collectors.toMap(PhoneNumber::agentId, Function.identity()));
    }

    Map<UUID, List<User>> usersByTenant() {
        return users.stream().collect(Collectors.groupingBy(User::tenantId));
    }
}
