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
import java.util.SplittableRandom;
import java.util.UUID;

/** Invents the reference data of a run from its seed alone: same seed, same organizations, tenants and agents. */
final class ReferenceDataFactory {

    private static final String[] PLANS = {"starter", "standard", "premium", "enterprise"};
    private static final String[] MODELS = {"claude-3-5-sonnet-v2", "claude-3-5-haiku", "claude-3-7-sonnet"};
    private static final String[] VOICES = {"aura-asteria-en", "aura-luna-en", "aura-orion-en"};
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1"};
    private static final int TENANTS_PER_ORGANIZATION = 4;
    private static final int USERS_PER_TENANT = 3;

    private ReferenceDataFactory() {}

    static ReferenceData create(long seed, int tenantCount, int agentCount) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5EEDL);
        List<Organization> organizations = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        int organizationCount = Math.max(1, (tenantCount + TENANTS_PER_ORGANIZATION - 1) / TENANTS_PER_ORGANIZATION);
        for (int o = 0; o < organizationCount; o++) {
            UUID id = DeterministicIds.random(random);
            String code = DeterministicIds.hex(random, 12).toUpperCase(Locale.ROOT);
            organizations.add(new Organization(id, "AYB-" + code.substring(0, 4) + "-" + code.substring(4, 8) + "-"
                    + code.substring(8, 12), "Organization " + (o + 1), "org-" + seed + "-" + (o + 1)));
            roles.add(new Role(DeterministicIds.random(random), id, "agent_manager"));
        }
        List<Tenant> tenants = new ArrayList<>();
        List<User> users = new ArrayList<>();
        for (int t = 0; t < tenantCount; t++) {
            Organization organization = organizations.get(t / TENANTS_PER_ORGANIZATION);
            Tenant tenant = new Tenant(DeterministicIds.random(random), organization.id(), "Tenant " + (t + 1),
                    "tenant-" + seed + "-" + (t + 1), PLANS[random.nextInt(PLANS.length)]);
            tenants.add(tenant);
            for (int u = 0; u < USERS_PER_TENANT; u++) {
                String userId = "USR-" + DeterministicIds.hex(random, 10).toUpperCase(Locale.ROOT);
                users.add(new User(DeterministicIds.random(random), userId, userId.toLowerCase(Locale.ROOT) + "@example.com",
                        "User " + (t + 1) + "." + (u + 1), organization.id(), tenant.id(), roles.get(t / TENANTS_PER_ORGANIZATION).id()));
            }
        }
        List<Agent> agents = new ArrayList<>();
        List<PhoneNumber> phones = new ArrayList<>();
        for (int a = 0; a < agentCount; a++) {
            Tenant tenant = tenants.get(a % tenantCount);
            UUID creator = users.get((a % tenantCount) * USERS_PER_TENANT).id();
            Agent agent = new Agent(DeterministicIds.random(random), "Agent " + (a + 1), tenant.organizationId(), tenant.id(),
                    creator, DeterministicIds.random(random), MODELS[random.nextInt(MODELS.length)],
                    VOICES[random.nextInt(VOICES.length)]);
            agents.add(agent);
            // E.164 numbers in the 555 range, unique per run and seed.
            String number = String.format(Locale.ROOT, "+1%03d555%04d", 200 + (int) Math.floorMod(seed, 800), a % 10_000);
            phones.add(new PhoneNumber(DeterministicIds.random(random), number, tenant.organizationId(), tenant.id(),
                    agent.id(), creator, REGIONS[random.nextInt(REGIONS.length)]));
        }
        return new ReferenceData(organizations, tenants, roles, users, agents, phones);
    }
}
