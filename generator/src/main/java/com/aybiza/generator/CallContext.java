package com.aybiza.generator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What every call of a run shares: the reference data, the ids, the clock origin and the mix of tenants. Some tenants
 * are much busier than others (Zipf-like weights), as on a real platform.
 */
final class CallContext {

    private final DeterministicIds ids;
    private final Instant start;
    private final long trafficSeed;
    private final double meanCallSeconds;
    private final List<ReferenceData.Tenant> tenants;
    private final double[] cumulativeTenantWeight;
    private final Map<UUID, List<ReferenceData.Agent>> agentsByTenant;
    private final Map<UUID, ReferenceData.PhoneNumber> phoneByAgent;
    private final Map<UUID, List<ReferenceData.User>> usersByTenant;

    CallContext(ReferenceData reference, long seed, Instant start, double meanCallSeconds) {
        this.ids = new DeterministicIds(seed, start);
        this.start = start;
        // The random streams of the traffic depend on the start too: call SIDs are new on every run's day.
        this.trafficSeed = seed ^ (start.getEpochSecond() * 0x2545F4914F6CDD1DL) ^ start.getNano();
        this.meanCallSeconds = meanCallSeconds;
        this.tenants = reference.tenants();
        this.cumulativeTenantWeight = new double[tenants.size()];
        double sum = 0;
        for (int i = 0; i < tenants.size(); i++) {
            sum += 1 / Math.pow(i + 1, 0.8);
            cumulativeTenantWeight[i] = sum;
        }
        this.agentsByTenant = reference.agentsByTenant();
        this.phoneByAgent = reference.phoneNumberByAgent();
        this.usersByTenant = reference.usersByTenant();
    }

    /** The seed of this run's traffic: the --seed mixed with the start, so that another day gives other traffic. */
    long trafficSeed() {
        return trafficSeed;
    }

    DeterministicIds ids() {
        return ids;
    }

    double meanCallSeconds() {
        return meanCallSeconds;
    }

    Instant instant(long micros) {
        return start.plusNanos(micros * 1000);
    }

    /** The random stream of the index-th item of a stream ("calls", "security", ...): independent of all others. */
    SplittableRandom randomFor(long index) {
        return new SplittableRandom(trafficSeed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
    }

    ReferenceData.Tenant pickTenant(SplittableRandom random) {
        double x = random.nextDouble() * cumulativeTenantWeight[cumulativeTenantWeight.length - 1];
        int i = java.util.Arrays.binarySearch(cumulativeTenantWeight, x);
        return tenants.get(i >= 0 ? i : Math.min(-i - 1, tenants.size() - 1));
    }

    ReferenceData.Agent pickAgent(SplittableRandom random) {
        List<ReferenceData.Agent> agents = agentsByTenant.get(pickTenant(random).id());
        return agents.get(random.nextInt(agents.size()));
    }

    /** The agent that API usage of a tenant is booked on (usage_metering has no better owner for it). */
    ReferenceData.Agent firstAgentOf(UUID tenantId) {
        return agentsByTenant.get(tenantId).get(0);
    }

    ReferenceData.PhoneNumber phoneOf(ReferenceData.Agent agent) {
        return phoneByAgent.get(agent.id());
    }

    ReferenceData.User pickUser(SplittableRandom random, UUID tenantId) {
        List<ReferenceData.User> users = usersByTenant.get(tenantId);
        return users.get(random.nextInt(users.size()));
    }
}
