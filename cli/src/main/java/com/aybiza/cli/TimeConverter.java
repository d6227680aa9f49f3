package com.aybiza.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time for options such as generate --start: ISO-8601 with an offset (2026-12-01T09:00:00Z,
 * 2026-12-01T10:00:00+01:00) or a UTC day (2026-12-01). A mistake gets the expected format, not the
 * DateTimeParseException picocli would otherwise pass on.
 */
final class TimeConverter implements ITypeConverter<Instant> {

    static final String EXPECTED = "write ISO-8601 with an offset, e.g. 2026-12-01T09:00:00Z or 2026-12-01T10:00:00+01:00, "
            + "or a UTC day, e.g. 2026-12-01";

    @Override
    public Instant convert(String value) {
        return parse(value).orElseThrow(() -> new TypeConversionException("'" + value + "' is not a time; " + EXPECTED));
    }

    /** An ISO-8601 time with an offset, or a UTC day (its start); empty for anything else. */
    static Optional<Instant> parse(String value) {
        String text = value.trim();
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notATime) {
            // next form
        }
        try {
            return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notADay) {
            return Optional.empty();
        }
    }
}
