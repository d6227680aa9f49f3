package com.aybiza.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

    @Test
    void timestampsAreWrittenAsInstantWritesThem() {
        SplittableRandom random = new SplittableRandom(7);
        long from = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(random.nextLong(from, to + 1), nanos);
            StringBuilder text = new StringBuilder();
            IsoInstant.append(text, t);
            assertThat(text.toString()).isEqualTo(t.toString());
            assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
        }
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "2024-02-29T12:00:00.000001Z", "2026-12-31T23:59:59.100Z", "0999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
                "-0001-01-01T00:00:00Z"}) {
            StringBuilder text = new StringBuilder();
            IsoInstant.append(text, Instant.parse(edge));
            assertThat(text.toString()).isEqualTo(Instant.parse(edge).toString());
        }
    }
}
