package com.aybiza.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations the way operators write them: 90s, 15m, 36h, 7d (or ISO-8601, PT36H). */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        Matcher m = SHORT.matcher(value.trim().toLowerCase());
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(value.trim().toUpperCase());
        } catch (RuntimeException e) {
            // Also a number too large for a long or a Duration: the same advice fits.
            throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 90s, 15m, 36h or 7d");
        }
    }

    /** A duration the way this converter reads them: 10s, 1500ms, 7d. */
    static String format(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        return seconds % 86_400 == 0 && seconds > 0 ? seconds / 86_400 + "d" : seconds + "s";
    }
}
