package com.aybiza.jobs.enrich;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot one enrichment task works from, and when to replace it. Reloads run in the task's own thread: they
 * take milliseconds for thousands of rows, and a task that enriches with data it has not got yet would be wrong,
 * not fast. A failed periodic refresh keeps the old snapshot (the database may be restarting); a failed reload
 * after a miss fails the task instead, so Flink retries the event from its checkpoint rather than refusing an event
 * whose tenant may well exist.
 */
final class ReferenceDataCache {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceDataCache.class);

    private final ReferenceDataSettings settings;
    private ReferenceData current;
    /** When the next periodic refresh is due; a failed one is retried a refresh interval later, not per event. */
    private long refreshDueMillis;

    ReferenceDataCache(ReferenceDataSettings settings) {
        this.settings = settings;
    }

    /** The snapshot to use now: the first load, or a periodic refresh once the current one is old enough. */
    ReferenceData current(long nowMillis) throws SQLException {
        if (current == null) {
            current = load(nowMillis);
            LOG.info("reference data loaded: {}", current);
        } else if (nowMillis >= refreshDueMillis) {
            try {
                current = load(nowMillis);
            } catch (SQLException e) {
                refreshDueMillis = nowMillis + settings.refreshInterval().toMillis();
                LOG.warn("reference data refresh failed, keeping the snapshot of {} ms ago: {}",
                        nowMillis - current.loadedAtMillis(), e.toString());
            }
        }
        return current;
    }

    /**
     * The snapshot to judge an event whose ids the current one lacks: reloaded if it is older than the miss-reload
     * interval, else the current one. Throws if the reload fails.
     */
    ReferenceData afterMiss(long nowMillis) throws SQLException {
        if (current == null || nowMillis - current.loadedAtMillis() >= settings.missReloadInterval().toMillis()) {
            current = load(nowMillis);
        }
        return current;
    }

    private ReferenceData load(long nowMillis) throws SQLException {
        try (Connection connection = settings.database().open()) {
            ReferenceData loaded = ReferenceData.load(connection, nowMillis);
            refreshDueMillis = nowMillis + settings.refreshInterval().toMillis();
            return loaded;
        }
    }
}
