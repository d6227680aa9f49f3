package com.aybiza.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The fixed windows an API key's {@code rate_limit} counts requests in: a minute, an hour and a day of the wall
 * clock, each aligned to the epoch, so every service instance puts a request in the same window without asking the
 * others.
 */
public enum RequestWindow {
    MINUTE(60, "requests_per_minute"), HOUR(3_600, "requests_per_hour"), DAY(86_400, "requests_per_day");

    private final int seconds;
    private final String limitField;

    RequestWindow(int seconds, String limitField) {
        this.seconds = seconds;
        this.limitField = limitField;
    }

    /** Its length, which also names it in ratelimit.api_key_request_windows (V44). */
    public int seconds() {
        return seconds;
    }

    public static RequestWindow ofSeconds(int seconds) {
        for (RequestWindow w : values()) {
            if (w.seconds == seconds) {
                return w;
            }
        }
        throw new IllegalArgumentException("no request window of " + seconds + " seconds");
    }

    /** The start of the window that holds {@code now}. */
    public Instant start(Instant now) {
        long millis = now.toEpochMilli();
        return Instant.ofEpochMilli(millis - Math.floorMod(millis, seconds * 1000L));
    }

    /** Whole seconds from {@code now} until the window that holds it ends: at least 1, as Retry-After needs. */
    public long secondsLeft(Instant now) {
        long millis = start(now).toEpochMilli() + seconds * 1000L - now.toEpochMilli();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** The key's limit for this window, or null (no limit) when rate_limit does not give it as a number. */
    public Long limitIn(JsonNode rateLimit) {
        JsonNode limit = rateLimit == null ? null : rateLimit.get(limitField);
        return limit != null && limit.canConvertToLong() ? limit.asLong() : null;
    }
}
