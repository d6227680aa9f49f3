package com.aybiza.service.auth;

import com.aybiza.service.ConnectionPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes every past window from ratelimit.api_key_request_windows. {@link RateLimiter} already deletes a key's past
 * windows on its next request; this catches the keys that make none (idle, revoked or deleted ones). Every service
 * instance may run it at the same time: rows another transaction holds are skipped, never waited for.
 */
public final class ExpiredWindowSweep implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredWindowSweep.class);

    private static final String SWEEP = """
            DELETE FROM ratelimit.api_key_request_windows
            WHERE (api_key_id, window_seconds, window_start) IN (
                SELECT api_key_id, window_seconds, window_start FROM ratelimit.api_key_request_windows
                WHERE window_start + window_seconds * INTERVAL '1 second' <= ?
                FOR UPDATE SKIP LOCKED)""";

    private final ConnectionPool pool;
    private final Clock clock;

    public ExpiredWindowSweep(ConnectionPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Deletes the past windows; returns how many. */
    public int sweep() throws SQLException {
        try (Connection c = pool.connection(); PreparedStatement st = c.prepareStatement(SWEEP)) {
            st.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            int deleted = st.executeUpdate();
            c.commit();
            return deleted;
        }
    }

    /** For a scheduler: a failed sweep is logged and left to the next one. */
    @Override
    public void run() {
        try {
            sweep();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not delete past rate-limit windows", e);
        }
    }
}
