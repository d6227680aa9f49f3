package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status line's stored rates: per second, in all and by the job that wrote the rows. */
class StatusLineTest {

    @Test
    void ratesAreTheDifferenceOfTwoReadingsPerSecondByJob() {
        Map<String, Long> before = Map.of("UsageMeteringJob", 1_000L, "CallAnalyticsJob", 5_000L);
        Map<String, Long> now = Map.of("UsageMeteringJob", 3_000L, "CallAnalyticsJob", 9_000L,
                "SecurityEventsJob", 40L);
        assertThat(StatusLine.storedRates(before, now, 2.0))
                .isEqualTo("3,020 rows/s (UsageMeteringJob 1,000, CallAnalyticsJob 2,000, SecurityEventsJob 20)");
    }

    @Test
    void dashesUntilThereAreTwoReadings() {
        assertThat(StatusLine.storedRates(Map.of(), Map.of("UsageMeteringJob", 5L), 1.0))
                .isEqualTo("- rows/s (UsageMeteringJob -, CallAnalyticsJob -, SecurityEventsJob -)");
        assertThat(StatusLine.storedRates(Map.of("UsageMeteringJob", 5L), Map.of(), 1.0))
                .startsWith("- rows/s");
    }
}
