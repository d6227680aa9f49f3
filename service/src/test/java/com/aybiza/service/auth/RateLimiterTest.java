package com.aybiza.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        long millis;

        ManualClock(long millis) {
            this.millis = millis;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    static ObjectNode limits(int perMinute, int perHour) {
        return new ObjectMapper().createObjectNode().put("requests_per_minute", perMinute)
                .put("requests_per_hour", perHour);
    }

    @Test
    void refusesPastThePerMinuteLimitUntilTheMinuteEnds() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:15Z").toEpochMilli());
        RateLimiter limiter = new RateLimiter(clock);
        UUID key = UUID.randomUUID();

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(key, limits(3, 100))).isZero();
        }
        assertThat(limiter.acquire(key, limits(3, 100))).isEqualTo(45);
        clock.millis += 44_500;
        assertThat(limiter.acquire(key, limits(3, 100))).isEqualTo(1);
        clock.millis += 500;
        assertThat(limiter.acquire(key, limits(3, 100))).isZero();
    }

    @Test
    void theLongestExceededWindowDecidesTheWait() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:30:00Z").toEpochMilli());
        RateLimiter limiter = new RateLimiter(clock);
        UUID key = UUID.randomUUID();
        assertThat(limiter.acquire(key, limits(10, 2))).isZero();
        assertThat(limiter.acquire(key, limits(10, 2))).isZero();
        assertThat(limiter.acquire(key, limits(10, 2))).isEqualTo(30 * 60);
    }

    @Test
    void keysAreCountedApartAndMissingLimitsAreUnlimited() {
        RateLimiter limiter = new RateLimiter(new ManualClock(0));
        UUID one = UUID.randomUUID(), two = UUID.randomUUID();
        assertThat(limiter.acquire(one, limits(1, 10))).isZero();
        assertThat(limiter.acquire(one, limits(1, 10))).isPositive();
        assertThat(limiter.acquire(two, limits(1, 10))).isZero();
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.acquire(UUID.fromString("00000000-0000-0000-0000-000000000001"), null)).isZero();
        }
    }
}
