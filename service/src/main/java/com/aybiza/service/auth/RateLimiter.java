package com.aybiza.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An API key's {@code rate_limit} ({@code requests_per_minute}, {@code _per_hour}, {@code _per_day}), counted in
 * fixed windows of the wall clock. Counts live in this process: behind several service instances each enforces
 * the limit on its own share of the traffic (a shared counter would take a round trip per request).
 */
public final class RateLimiter {

    private static final long[] WINDOW_MILLIS = {60_000L, 3_600_000L, 86_400_000L};
    private static final String[] LIMIT_FIELDS = {"requests_per_minute", "requests_per_hour", "requests_per_day"};

    private final Clock clock;
    private final Map<UUID, Windows> counters = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Counts one request of the key; returns 0 if it is allowed, else the seconds until it would be. */
    public long acquire(UUID keyId, JsonNode rateLimit) {
        long[] limits = new long[LIMIT_FIELDS.length];
        for (int i = 0; i < limits.length; i++) {
            JsonNode limit = rateLimit == null ? null : rateLimit.get(LIMIT_FIELDS[i]);
            limits[i] = limit != null && limit.canConvertToLong() ? limit.asLong() : Long.MAX_VALUE;
        }
        return counters.computeIfAbsent(keyId, k -> new Windows()).acquire(clock.millis(), limits);
    }

    private static final class Windows {
        private final long[] start = new long[WINDOW_MILLIS.length];
        private final long[] count = new long[WINDOW_MILLIS.length];

        synchronized long acquire(long now, long[] limits) {
            long wait = 0;
            for (int i = 0; i < WINDOW_MILLIS.length; i++) {
                long windowStart = now - Math.floorMod(now, WINDOW_MILLIS[i]);
                if (windowStart != start[i]) {
                    start[i] = windowStart;
                    count[i] = 0;
                }
                if (count[i] >= limits[i]) {
                    long millis = windowStart + WINDOW_MILLIS[i] - now;
                    wait = Math.max(wait, Math.max(1, (millis + 999) / 1000));
                }
            }
            if (wait > 0) {
                return wait;
            }
            for (int i = 0; i < WINDOW_MILLIS.length; i++) {
                count[i]++;
            }
            return 0;
        }
    }
}
