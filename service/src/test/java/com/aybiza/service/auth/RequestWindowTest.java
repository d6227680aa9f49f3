package com.aybiza.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The window arithmetic every service instance must agree on, without a database. */
class RequestWindowTest {

    @Test
    void windowsAreAlignedToTheEpoch() {
        Instant now = Instant.parse("2026-12-01T10:37:15.250Z");
        assertThat(RequestWindow.MINUTE.start(now)).isEqualTo("2026-12-01T10:37:00Z");
        assertThat(RequestWindow.HOUR.start(now)).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(RequestWindow.DAY.start(now)).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(RequestWindow.MINUTE.start(Instant.parse("2026-12-01T10:37:00Z"))).isEqualTo("2026-12-01T10:37:00Z");
    }

    @Test
    void secondsLeftRoundUpAndAreNeverZero() {
        assertThat(RequestWindow.MINUTE.secondsLeft(Instant.parse("2026-12-01T10:00:15Z"))).isEqualTo(45);
        assertThat(RequestWindow.MINUTE.secondsLeft(Instant.parse("2026-12-01T10:00:59.500Z"))).isEqualTo(1);
        assertThat(RequestWindow.MINUTE.secondsLeft(Instant.parse("2026-12-01T10:00:00Z"))).isEqualTo(60);
        assertThat(RequestWindow.HOUR.secondsLeft(Instant.parse("2026-12-01T10:30:00Z"))).isEqualTo(30 * 60);
        assertThat(RequestWindow.DAY.secondsLeft(Instant.parse("2026-12-01T23:59:59.001Z"))).isEqualTo(1);
    }

    @Test
    void limitsComeFromRateLimitAndMissingOnesAreUnlimited() throws Exception {
        var rateLimit = new ObjectMapper().readTree(
                "{\"requests_per_minute\": 100, \"requests_per_hour\": \"lots\", \"requests_per_day\": null}");
        assertThat(RequestWindow.MINUTE.limitIn(rateLimit)).isEqualTo(100L);
        assertThat(RequestWindow.HOUR.limitIn(rateLimit)).isNull();
        assertThat(RequestWindow.DAY.limitIn(rateLimit)).isNull();
        assertThat(RequestWindow.MINUTE.limitIn(null)).isNull();
        assertThat(RequestWindow.ofSeconds(3600)).isEqualTo(RequestWindow.HOUR);
    }
}
