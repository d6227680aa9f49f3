package com.aybiza.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.service.ConnectionPool;
import com.aybiza.service.ManualClock;
import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import com.aybiza.sql.SchemaMigrator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rate limiter on a real PostgreSQL (migrated with V44), on a clock the test moves: the limits, the waits, what a
 * refused request leaves behind, concurrent requests of one key, and how past windows go away.
 */
class RateLimiterIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    static DatabaseSettings database;

    ManualClock clock;
    RateLimiter limiter;
    Connection c;

    @BeforeAll
    static void migrate() throws Exception {
        database = POSTGRES.settings(POSTGRES.newDatabase());
        new SchemaMigrator(database).migrate();
    }

    @BeforeEach
    void connect() throws SQLException {
        clock = new ManualClock(Instant.parse("2026-12-01T10:00:15Z"));
        limiter = new RateLimiter(clock);
        c = open();
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    static Connection open() throws SQLException {
        Connection connection = database.open();
        connection.setAutoCommit(false);
        return connection;
    }

    static ObjectNode limits(int perMinute, int perHour) {
        return new ObjectMapper().createObjectNode().put("requests_per_minute", perMinute)
                .put("requests_per_hour", perHour);
    }

    /** The key's stored windows, "seconds start requests", oldest first. */
    static List<String> windows(UUID key) throws SQLException {
        try (Connection owner = database.open(); PreparedStatement st = owner.prepareStatement("""
                SELECT window_seconds || ' ' || to_char(window_start AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || requests
                FROM ratelimit.api_key_request_windows WHERE api_key_id = ? ORDER BY window_start, window_seconds""")) {
            st.setObject(1, key);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    @Test
    void refusesPastThePerMinuteLimitUntilTheMinuteEnds() throws Exception {
        UUID key = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(c, key, limits(3, 100))).isZero();
        }
        assertThat(limiter.acquire(c, key, limits(3, 100))).isEqualTo(45);
        clock.advance(Duration.ofMillis(44_500));
        assertThat(limiter.acquire(c, key, limits(3, 100))).isEqualTo(1);
        // Refused requests were rolled back: they used up neither the minute nor the hour.
        assertThat(windows(key)).containsExactly("60 10:00 3", "3600 10:00 3");
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.acquire(c, key, limits(3, 100))).isZero();
        // The next minute's request deleted the past minute.
        assertThat(windows(key)).containsExactly("3600 10:00 4", "60 10:01 1");
    }

    @Test
    void theLongestExceededWindowDecidesTheWait() throws Exception {
        clock = new ManualClock(Instant.parse("2026-12-01T10:30:00Z"));
        limiter = new RateLimiter(clock);
        UUID key = UUID.randomUUID();
        assertThat(limiter.acquire(c, key, limits(10, 2))).isZero();
        assertThat(limiter.acquire(c, key, limits(10, 2))).isZero();
        assertThat(limiter.acquire(c, key, limits(10, 2))).isEqualTo(30 * 60);
        ObjectNode bothFull = limits(2, 2);
        assertThat(limiter.acquire(c, key, bothFull)).isEqualTo(30 * 60);
    }

    @Test
    void keysAreCountedApartAndMissingLimitsAreUnlimited() throws Exception {
        UUID one = UUID.randomUUID(), two = UUID.randomUUID(), unlimited = UUID.randomUUID();
        assertThat(limiter.acquire(c, one, limits(1, 10))).isZero();
        assertThat(limiter.acquire(c, one, limits(1, 10))).isPositive();
        assertThat(limiter.acquire(c, two, limits(1, 10))).isZero();
        for (int i = 0; i < 200; i++) {
            assertThat(limiter.acquire(c, unlimited, null)).isZero();
        }
        assertThat(windows(unlimited)).as("nothing to count").isEmpty();
    }

    @Test
    void concurrentRequestsOfOneKeyNeverPassTheLimit() throws Exception {
        UUID key = UUID.randomUUID();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Callable<Integer> requests = () -> {
                    int ok = 0;
                    try (Connection own = open()) {
                        for (int i = 0; i < 25; i++) {
                            ok += limiter.acquire(own, key, limits(50, 1000)) == 0 ? 1 : 0;
                        }
                    }
                    return ok;
                };
                admitted.add(threads.submit(requests));
            }
            int total = 0;
            for (Future<Integer> f : admitted) {
                total += f.get();
            }
            assertThat(total).isEqualTo(50);
            assertThat(windows(key)).containsExactly("60 10:00 50", "3600 10:00 50");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theSweepDeletesThePastWindowsOfKeysNoLongerUsed() throws Exception {
        UUID idle = UUID.randomUUID(), active = UUID.randomUUID();
        ObjectNode allThree = limits(10, 100).put("requests_per_day", 1000);
        assertThat(limiter.acquire(c, idle, allThree)).isZero();
        clock.advance(Duration.ofMinutes(50));
        assertThat(limiter.acquire(c, active, allThree)).isZero();
        try (ConnectionPool pool = new ConnectionPool(database, 1)) {
            ExpiredWindowSweep sweep = new ExpiredWindowSweep(pool, clock);
            sweep.sweep();
            // 10:50: the idle key's minute is past; its hour and day are not.
            assertThat(windows(idle)).containsExactly("86400 00:00 1", "3600 10:00 1");
            clock.advance(Duration.ofDays(1));
            sweep.sweep();
            assertThat(windows(idle)).isEmpty();
            assertThat(windows(active)).isEmpty();
        }
    }
}
