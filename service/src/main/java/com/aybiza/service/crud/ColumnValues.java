package com.aybiza.service.crud;

import com.aybiza.service.catalog.Column;
import com.aybiza.service.errors.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a JSON value against its column's type and turns it into the text PostgreSQL casts to that type. The
 * value travels as a bound parameter, never as SQL. Types checked here name the failing field; the few others
 * (inet, ...) are checked by a cast in the database ({@link TypeProbe}).
 */
public final class ColumnValues {

    /** Types this class checks itself; any other is probed in the database. */
    static final Set<String> CHECKED_HERE = Set.of("uuid", "varchar", "bpchar", "text", "int2", "int4", "int8",
            "numeric", "float4", "float8", "bool", "jsonb", "json", "timestamptz", "timestamp", "date");

    private final ObjectMapper json;

    public ColumnValues(ObjectMapper json) {
        this.json = json;
    }

    /** The text to bind for {@code value}, or null for SQL NULL. */
    public String text(Column column, JsonNode value) {
        String field = column.name();
        if (value == null || value.isNull()) {
            if (column.notNull()) {
                throw ApiException.badField(field, field + " must not be null");
            }
            return null;
        }
        switch (column.udtName()) {
            case "uuid" -> {
                String text = string(field, value, "a UUID");
                try {
                    return UUID.fromString(text).toString();
                } catch (IllegalArgumentException e) {
                    throw ApiException.badField(field, field + " must be a UUID");
                }
            }
            case "varchar", "bpchar", "text" -> {
                String text = string(field, value, "a string");
                checkLength(column, text.codePointCount(0, text.length()));
                if (text.indexOf('\0') >= 0) {
                    throw ApiException.badField(field, field + " must not contain NUL characters");
                }
                return text;
            }
            case "int2", "int4", "int8" -> {
                long max = column.udtName().equals("int2") ? Short.MAX_VALUE
                        : column.udtName().equals("int4") ? Integer.MAX_VALUE : Long.MAX_VALUE;
                if (!value.isIntegralNumber() || !value.canConvertToLong() || Math.abs(value.asLong()) > max) {
                    throw ApiException.badField(field, field + " must be a whole number within its column's range");
                }
                return Long.toString(value.asLong());
            }
            case "numeric" -> {
                if (!value.isNumber()) {
                    throw ApiException.badField(field, field + " must be a number");
                }
                BigDecimal number = value.decimalValue();
                if (column.precision() > 0) {
                    int integerDigits = number.precision() - number.scale();
                    if (integerDigits > column.precision() - Math.max(column.scale(), 0)) {
                        throw ApiException.badField(field, field + " is too large for NUMERIC("
                                + column.precision() + "," + column.scale() + ")");
                    }
                }
                return number.toPlainString();
            }
            case "float4", "float8" -> {
                if (!value.isNumber()) {
                    throw ApiException.badField(field, field + " must be a number");
                }
                return value.asText();
            }
            case "bool" -> {
                if (!value.isBoolean()) {
                    throw ApiException.badField(field, field + " must be true or false");
                }
                return Boolean.toString(value.asBoolean());
            }
            case "jsonb", "json" -> {
                try {
                    return json.writeValueAsString(value);
                } catch (JsonProcessingException e) {
                    throw ApiException.badField(field, field + " is not JSON");
                }
            }
            case "timestamptz", "timestamp" -> {
                String text = string(field, value, "an ISO-8601 timestamp with offset");
                try {
                    return OffsetDateTime.parse(text).toString();
                } catch (DateTimeParseException e) {
                    throw ApiException.badField(field, field + " must be an ISO-8601 timestamp with offset, "
                            + "e.g. 2026-12-01T17:00:00Z");
                }
            }
            case "date" -> {
                String text = string(field, value, "a date (YYYY-MM-DD)");
                try {
                    return LocalDate.parse(text).toString();
                } catch (DateTimeParseException e) {
                    throw ApiException.badField(field, field + " must be a date (YYYY-MM-DD)");
                }
            }
            default -> {
                return string(field, value, "a string");
            }
        }
    }

    /** The text to bind for a query-string value (filters): read as the JSON scalar the column expects. */
    public String textOfQueryValue(Column column, String raw) {
        JsonNode value = switch (column.udtName()) {
            case "int2", "int4", "int8", "numeric", "float4", "float8" -> {
                try {
                    BigDecimal number = new BigDecimal(raw);
                    // A whole number stays integral, so the integer columns' range check applies to it.
                    yield number.scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                            ? json.getNodeFactory().numberNode(number.longValueExact())
                            : json.getNodeFactory().numberNode(number);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw ApiException.badField(column.name(), column.name() + " must be a number");
                }
            }
            case "bool" -> {
                if (!raw.equals("true") && !raw.equals("false")) {
                    throw ApiException.badField(column.name(), column.name() + " must be true or false");
                }
                yield json.getNodeFactory().booleanNode(Boolean.parseBoolean(raw));
            }
            default -> json.getNodeFactory().textNode(raw);
        };
        return text(column, value);
    }

    static void checkLength(Column column, int length) {
        if (column.maxLength() > 0 && length > column.maxLength()) {
            throw ApiException.badField(column.name(), column.name() + " must be at most " + column.maxLength()
                    + " characters");
        }
    }

    private static String string(String field, JsonNode value, String what) {
        if (!value.isTextual()) {
            throw ApiException.badField(field, field + " must be " + what);
        }
        return value.asText();
    }
}
