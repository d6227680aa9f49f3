package com.aybiza.cli;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time as operators write it: ISO-8601 (2026-12-01T09:00:00Z, with any offset, or a UTC day 2026-12-01),
 * or how long ago (90s, 15m, 2h, 7d, as {@link DurationConverter} reads them).
 */
final class SinceConverter implements ITypeConverter<Instant> {

    private final Clock clock;

    SinceConverter() {
        this(Clock.systemUTC());
    }

    SinceConverter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String text = value.trim();
        Optional<Instant> time = TimeConverter.parse(text);
        if (time.isPresent()) {
            return time.get();
        }
        try {
            return clock.instant().minus(new DurationConverter().convert(text));
        } catch (TypeConversionException notADuration) {
            throw new TypeConversionException("'" + value + "' is neither an ISO-8601 time (2026-12-01T09:00:00Z) "
                    + "nor a time ago (90s, 15m, 2h, 7d)");
        }
    }
}
