package com.aybiza.jobs.enrich;

import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference data one enrichment task works from, and when to read it again. A full load at start and every
 * refresh interval (renames, plan changes and deletions show up within it); between them, an id the data lacks is
 * looked up on its own, so a tenant created a moment before its first call is found. The database's "no such row"
 * is remembered for the negative-cache TTL, so a stream of events with the same bad id costs one query, not one each.
 *
 * <p>Reads run in the task's thread, each bounded by the load timeout: enriching with data the task has not got would
 * be wrong, not fast. A failed periodic refresh keeps the data it has (the database may be restarting); a failed
 * lookup of a missing id fails the task, so Flink retries the event from its checkpoint rather than refusing an event
 * whose tenant may well exist.
 */
final class ReferenceDataCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceDataCache.class);

    private final ReferenceDataSettings settings;
    private ReferenceData current;
    /** When the next full load is due; a failed one is retried a refresh interval later, not per event. */
    private long refreshDueMillis;
    /** id -> when the database last said no table holds it. Emptied by every full load. */
    private final Map<UUID, Long> confirmedMissing = new HashMap<>();
    /** Ids looked up on their own, and how many of them the database held: the dashboard's lookups and hits. */
    private long lookups;
    private long lookupHits;
    private long fullLoads;
    /** Tenants with billed usage: once true, always true. */
    private final Set<UUID> billedTenants = new HashSet<>();
    /** Tenant id -> when the database last said it has no billed usage. */
    private final Map<UUID, Long> noBillingHistory = new HashMap<>();
    private final ReferenceSource source;

    ReferenceDataCache(ReferenceDataSettings settings) {
        this.settings = settings;
        this.source = settings.source();
    }

    /** The data to use now: the first load, or a full reload once the refresh interval has passed. */
    ReferenceData current(long nowMillis) throws SQLException {
        if (current == null) {
            loadAll(nowMillis);
            LOG.info("reference data loaded: {}", current);
        } else if (nowMillis >= refreshDueMillis) {
            try {
                loadAll(nowMillis);
            } catch (SQLException e) {
                refreshDueMillis = nowMillis + settings.refreshInterval().toMillis();
                LOG.warn("reference data refresh failed, keeping the data loaded before: {}", e.toString());
            }
        }
        return current;
    }

    /** Looks up those of {@code ids} the data lacks and the database did not deny within the negative-cache TTL. */
    void lookUp(Collection<UUID> ids, long nowMillis) throws SQLException {
        long ttl = settings.negativeCacheTtl().toMillis();
        List<UUID> unknown = ids.stream().distinct().filter(id -> !current.holds(id))
                .filter(id -> {
                    Long deniedAt = confirmedMissing.get(id);
                    return deniedAt == null || nowMillis - deniedAt >= ttl;
                })
                .toList();
        if (unknown.isEmpty()) {
            return;
        }
        current.putAll(source.loadIds(unknown, settings.loadTimeout()));
        lookups += unknown.size();
        for (UUID id : unknown) {
            if (!current.holds(id)) {
                confirmedMissing.put(id, nowMillis);
            } else {
                lookupHits++;
            }
        }
    }

    /**
     * Whether usage of {@code tenantId} was billed before: proof that a tenant the reference data no longer holds
     * existed, and was deleted since. Remembered once true; a "no" is trusted for the negative-cache TTL.
     */
    boolean hasBillingHistory(UUID tenantId, long nowMillis) throws SQLException {
        if (billedTenants.contains(tenantId)) {
            return true;
        }
        Long deniedAt = noBillingHistory.get(tenantId);
        if (deniedAt != null && nowMillis - deniedAt < settings.negativeCacheTtl().toMillis()) {
            return false;
        }
        if (source.hasBilledUsage(tenantId, settings.loadTimeout())) {
            billedTenants.add(tenantId);
            return true;
        }
        noBillingHistory.put(tenantId, nowMillis);
        return false;
    }

    private void loadAll(long nowMillis) throws SQLException {
        current = source.loadAll(settings.loadTimeout());
        confirmedMissing.clear();
        fullLoads++;
        refreshDueMillis = nowMillis + settings.refreshInterval().toMillis();
    }

    long lookups() {
        return lookups;
    }

    long lookupHits() {
        return lookupHits;
    }

    long fullLoads() {
        return fullLoads;
    }

    @Override
    public void close() {
        source.release();
    }
}
