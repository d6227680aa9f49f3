package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsTheShortFormsOperatorsWrite() {
        assertThat(converter.convert("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(converter.convert("36h")).isEqualTo(Duration.ofHours(36));
        assertThat(converter.convert("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("PT2H")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void rejectsAnythingElseWithAnExample() {
        assertThatThrownBy(() -> converter.convert("a week")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("write e.g. 90s, 15m, 36h or 7d");
    }
}
