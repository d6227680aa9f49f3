package com.aybiza.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * An API key's {@code rate_limit} ({@code requests_per_minute}, {@code _per_hour}, {@code _per_day}), counted in
 * the fixed {@link RequestWindow}s in PostgreSQL (ratelimit.api_key_request_windows, V44), so that every service
 * instance counts against the same limit. The same statement records the request on the key itself
 * (security.api_keys.usage_count and last_used_at) and deletes the key's past windows: one round trip per request.
 *
 * <p>It runs in a short transaction of its own, committed before the request's work starts: a request that then
 * fails still counts, and the window rows stay locked only for this statement, not for the whole request (every
 * request of one key passes through them). A refused request rolls that transaction back, so it counts nowhere: a
 * client retrying too early does not also use up its hour and day.
 */
public final class RateLimiter {

    // Rows locked by another request (or the sweep) are left to it: deleting them is never worth a wait or a
    // deadlock. Windows are upserted in the order of VALUES, the same in every request, then the key's row.
    // usage_count is the document's INTEGER: it stops at its maximum rather than fail every request of the key.
    private static final String COUNT = """
            WITH windows (window_seconds, window_start, request_limit) AS (
                VALUES (60, ?::timestamptz, ?::bigint), (3600, ?::timestamptz, ?::bigint),
                       (86400, ?::timestamptz, ?::bigint)
            ), expired AS (
                DELETE FROM ratelimit.api_key_request_windows
                WHERE (api_key_id, window_seconds, window_start) IN (
                    SELECT w.api_key_id, w.window_seconds, w.window_start
                    FROM ratelimit.api_key_request_windows w JOIN windows n USING (window_seconds)
                    WHERE w.api_key_id = ? AND w.window_start < n.window_start
                    FOR UPDATE OF w SKIP LOCKED)
            ), counted AS (
                INSERT INTO ratelimit.api_key_request_windows AS w (api_key_id, window_seconds, window_start, requests)
                SELECT ?, window_seconds, window_start, 1 FROM windows WHERE request_limit IS NOT NULL
                ON CONFLICT (api_key_id, window_seconds, window_start) DO UPDATE SET requests = w.requests + 1
                RETURNING w.window_seconds, w.requests
            ), used AS (
                UPDATE security.api_keys
                SET usage_count = LEAST(coalesce(usage_count, 0)::bigint + 1, 2147483647), last_used_at = ?
                WHERE id = ?
            )
            SELECT counted.window_seconds FROM counted JOIN windows USING (window_seconds)
            WHERE counted.requests > windows.request_limit""";

    private final Clock clock;

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Counts one request of the key on {@code c} and ends that transaction: committed when the request is allowed
     * (returns 0), rolled back when a window is full (returns the seconds until the longest full one ends).
     */
    public long acquire(Connection c, UUID keyId, JsonNode rateLimit) throws SQLException {
        Instant now = clock.instant();
        long wait = 0;
        try (PreparedStatement st = c.prepareStatement(COUNT)) {
            int p = 0;
            for (RequestWindow window : RequestWindow.values()) {
                st.setObject(++p, OffsetDateTime.ofInstant(window.start(now), ZoneOffset.UTC));
                Long limit = window.limitIn(rateLimit);
                if (limit == null) {
                    st.setNull(++p, Types.BIGINT);
                } else {
                    st.setLong(++p, limit);
                }
            }
            st.setObject(++p, keyId);
            st.setObject(++p, keyId);
            st.setObject(++p, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            st.setObject(++p, keyId);
            try (ResultSet full = st.executeQuery()) {
                while (full.next()) {
                    wait = Math.max(wait, RequestWindow.ofSeconds(full.getInt(1)).secondsLeft(now));
                }
            }
        }
        if (wait > 0) {
            c.rollback();
        } else {
            c.commit();
        }
        return wait;
    }
}
