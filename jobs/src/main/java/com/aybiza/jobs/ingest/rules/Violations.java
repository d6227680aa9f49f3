package com.aybiza.jobs.ingest.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The rule violations found in one event, each a sentence naming the field and the value. */
public final class Violations {

    private final List<String> found = new ArrayList<>();

    public void add(String violation) {
        found.add(violation);
    }

    void require(boolean holds, String violation) {
        if (!holds) {
            found.add(violation);
        }
    }

    void notBlank(String field, CharSequence value) {
        require(value != null && !value.toString().isBlank(), field + " is empty");
    }

    void maxLength(String field, CharSequence value, int max) {
        require(value == null || value.length() <= max,
                () -> field + " has " + value.length() + " characters, more than its column's " + max);
    }

    void notNegative(String field, Number value) {
        require(value == null || signum(value) >= 0, () -> field + " is negative: " + value);
    }

    void between(String field, BigDecimal value, BigDecimal min, BigDecimal max) {
        require(value == null || (value.compareTo(min) >= 0 && value.compareTo(max) <= 0),
                () -> field + " is " + value + ", outside [" + min + ", " + max + "]");
    }

    /** The value fits a DECIMAL(precision, scale) column, which would otherwise reject it with a numeric overflow. */
    void fitsDecimal(String field, BigDecimal value, int precision, int scale) {
        require(value == null || (value.scale() <= scale && value.precision() - value.scale() <= precision - scale),
                () -> field + " " + value.toPlainString() + " does not fit its DECIMAL(" + precision + "," + scale + ") column");
    }

    void notBefore(String field, Instant value, String otherField, Instant other) {
        require(value == null || other == null || !value.isBefore(other),
                () -> field + " " + value + " is before " + otherField + " " + other);
    }

    void require(boolean holds, Supplier<String> violation) {
        if (!holds) {
            found.add(violation.get());
        }
    }

    private static int signum(Number value) {
        return value instanceof BigDecimal d ? d.signum() : Long.signum(value.longValue());
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<String> list() {
        return List.copyOf(found);
    }

    @Override
    public String toString() {
        return String.join("; ", found);
    }
}
