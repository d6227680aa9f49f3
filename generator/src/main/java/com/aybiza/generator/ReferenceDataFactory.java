package com.aybiza.generator;

import com.aybiza.generator.ReferenceData.Agent;
import com.aybiza.generator.ReferenceData.Organization;
import com.aybiza.generator.ReferenceData.PhoneNumber;
import com.aybiza.generator.ReferenceData.Role;
import com.aybiza.generator.ReferenceData.Tenant;
import com.aybiza.generator.ReferenceData.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Invents the reference data of a run from its seed. Every row is a function of (seed, what it is, its index), never
 * of how many others there are: tenant 3 is the same tenant with --tenants 5 or 50, and agent k of tenant 3 is always
 * the same agent of that tenant, so runs with other counts write consistent supersets or subsets to the database.
 */
final class ReferenceDataFactory {

    private static final String[] PLANS = {"starter", "standard", "premium", "enterprise"};
    private static final String[] MODELS = {"claude-3-5-sonnet-v2", "claude-3-5-haiku", "claude-3-7-sonnet"};
    private static final String[] VOICES = {"aura-asteria-en", "aura-luna-en", "aura-orion-en"};
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1"};
    private static final int TENANTS_PER_ORGANIZATION = 4;
    private static final int USERS_PER_TENANT = 3;

    private ReferenceDataFactory() {}

    static ReferenceData create(long seed, int tenantCount, int agentCount) {
        DeterministicIds ids = new DeterministicIds(seed);
        List<Organization> organizations = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        int organizationCount = (tenantCount + TENANTS_PER_ORGANIZATION - 1) / TENANTS_PER_ORGANIZATION;
        for (int o = 0; o < organizationCount; o++) {
            UUID id = ids.of("organization", String.valueOf(o));
            String code = hex(id, 12);
            organizations.add(new Organization(id, "AYB-" + code.substring(0, 4) + "-" + code.substring(4, 8) + "-"
                    + code.substring(8, 12), "Organization " + (o + 1), "org-" + seed + "-" + (o + 1)));
            roles.add(new Role(ids.of("role", String.valueOf(o)), id, "agent_manager"));
        }
        List<Tenant> tenants = new ArrayList<>();
        List<User> users = new ArrayList<>();
        for (int t = 0; t < tenantCount; t++) {
            int o = t / TENANTS_PER_ORGANIZATION;
            UUID id = ids.of("tenant", String.valueOf(t));
            tenants.add(new Tenant(id, organizations.get(o).id(), "Tenant " + (t + 1), "tenant-" + seed + "-" + (t + 1),
                    PLANS[pick(id, PLANS.length)]));
            for (int u = 0; u < USERS_PER_TENANT; u++) {
                UUID userId = ids.of("user", String.valueOf(t), String.valueOf(u));
                String handle = "USR-" + hex(userId, 10);
                users.add(new User(userId, handle, handle.toLowerCase(Locale.ROOT) + "@example.com",
                        "User " + (t + 1) + "." + (u + 1), organizations.get(o).id(), id, roles.get(o).id()));
            }
        }
        List<Agent> agents = new ArrayList<>();
        List<PhoneNumber> phones = new ArrayList<>();
        for (int a = 0; a < agentCount; a++) {
            // Agents go round the tenants; agent k of tenant t is named by (t, k), whatever the totals.
            int t = a % tenantCount;
            int k = a / tenantCount;
            Tenant tenant = tenants.get(t);
            UUID creator = users.get(t * USERS_PER_TENANT).id();
            UUID id = ids.of("agent", String.valueOf(t), String.valueOf(k));
            agents.add(new Agent(id, "Agent " + (t + 1) + "." + (k + 1), tenant.organizationId(), tenant.id(), creator,
                    ids.of("agent-version", String.valueOf(t), String.valueOf(k)), MODELS[pick(id, MODELS.length)],
                    VOICES[pick(creator, VOICES.length)]));
            // E.164 numbers in the 555 exchange; unique for up to 1,000 tenants with 10,000 agents each.
            String number = String.format(Locale.ROOT, "+1%03d%03d%04d", 200 + (int) Math.floorMod(seed, 800),
                    t % 1000, k % 10_000);
            phones.add(new PhoneNumber(ids.of("phone-number", String.valueOf(t), String.valueOf(k)), number,
                    tenant.organizationId(), tenant.id(), id, creator, REGIONS[pick(id, REGIONS.length)]));
        }
        return new ReferenceData(organizations, tenants, roles, users, agents, phones);
    }

    private static String hex(UUID id, int digits) {
        return Long.toHexString(id.getMostSignificantBits() | Long.MIN_VALUE).toUpperCase(Locale.ROOT).substring(0, digits);
    }

    private static int pick(UUID id, int options) {
        return (int) Math.floorMod(id.getLeastSignificantBits(), (long) options);
    }
}
