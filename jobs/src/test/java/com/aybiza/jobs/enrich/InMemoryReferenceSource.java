package com.aybiza.jobs.enrich;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reference data held in memory, for the cache's and the resolver's rules without a database: the test changes what
 * it "stores" between reads, counts the reads, and can make the next ones fail as a database that went away would.
 */
final class InMemoryReferenceSource implements ReferenceSource {

    final ReferenceData stored = new ReferenceData();
    final Set<UUID> billedTenants = new HashSet<>();
    final List<Collection<UUID>> lookedUp = new ArrayList<>();
    int fullLoads;
    int billingQueries;
    int releases;
    /** Reads that fail from now on, until reset. */
    boolean unavailable;

    @Override
    public ReferenceData loadAll(Duration timeout) throws SQLException {
        failIfUnavailable();
        fullLoads++;
        ReferenceData copy = new ReferenceData();
        copy.putAll(stored);
        return copy;
    }

    @Override
    public ReferenceData loadIds(Collection<UUID> ids, Duration timeout) throws SQLException {
        failIfUnavailable();
        lookedUp.add(List.copyOf(ids));
        ReferenceData found = new ReferenceData();
        for (UUID id : ids) {
            if (stored.hasOrganization(id)) {
                found.addOrganization(id);
            }
            if (stored.tenant(id) != null) {
                found.add(stored.tenant(id));
            }
            if (stored.agent(id) != null) {
                found.add(stored.agent(id));
            }
            if (stored.apiKey(id) != null) {
                found.add(stored.apiKey(id));
            }
        }
        return found;
    }

    @Override
    public boolean hasBilledUsage(UUID tenantId, Duration timeout) throws SQLException {
        failIfUnavailable();
        billingQueries++;
        return billedTenants.contains(tenantId);
    }

    @Override
    public void release() {
        releases++;
    }

    private void failIfUnavailable() throws SQLException {
        if (unavailable) {
            throw new SQLTransientConnectionException("the database is away", "08006");
        }
    }
}
