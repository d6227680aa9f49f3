package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class SinceConverterTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final SinceConverter converter = new SinceConverter(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void readsIsoTimesWithAnyOffsetAndUtcDays() {
        assertThat(converter.convert("2026-12-01T09:30:00Z")).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
        assertThat(converter.convert("2026-12-01T10:30:00+01:00")).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
        assertThat(converter.convert("2026-11-30")).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    }

    @Test
    void readsATimeAgoAsThatLongBeforeNow() {
        assertThat(converter.convert("2h")).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(converter.convert("7d")).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(converter.convert("PT30M")).isEqualTo(Instant.parse("2026-12-01T11:30:00Z"));
    }

    @Test
    void rejectsAnythingElseWithBothForms() {
        assertThatThrownBy(() -> converter.convert("yesterday")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("ISO-8601 time (2026-12-01T09:00:00Z)").hasMessageContaining("2h");
    }
}
