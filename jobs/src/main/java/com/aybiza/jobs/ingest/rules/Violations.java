package com.aybiza.jobs.ingest.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The rule violations found in one event, each a sentence naming the field and the value, and the checks that find
 * them. The checks mirror what PostgreSQL would refuse at the sink: lengths in characters (code points, as VARCHAR
 * counts them), DECIMAL overflow, JSONB that is not JSON, INET that is not an address, text holding NUL.
 */
public final class Violations {

    /**
     * As strict as PostgreSQL's JSONB input: a duplicate key is an error (JSONB keeps the last one, but still refuses
     * what the dropped one held, which a tree that kept only the last could not show). Read token by token, without
     * building a tree: tool inputs and outputs are the bulk of what this stage reads.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** NUMERIC's limits: 131072 digits before the decimal point, 16383 after. */
    private static final int NUMERIC_INTEGER_DIGITS = 131_072;
    private static final int NUMERIC_FRACTION_DIGITS = 16_383;
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(/(3[0-2]|[12]?\\d))?");
    /** Hex digits, colons and dots, with an optional prefix length; parsed in brackets, so never looked up in DNS. */
    private static final Pattern IPV6 = Pattern.compile("([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(/(12[0-8]|1[01]\\d|[1-9]?\\d))?");

    /** Per event schema, the fields that can hold text ({@link #textFields}). */
    private static final Map<Schema, int[]> TEXT_FIELDS = new ConcurrentHashMap<>();

    private final List<String> found = new ArrayList<>();

    public void add(String violation) {
        found.add(violation);
    }

    void require(boolean holds, String violation) {
        if (!holds) {
            found.add(violation);
        }
    }

    void require(boolean holds, Supplier<String> violation) {
        if (!holds) {
            found.add(violation.get());
        }
    }

    void notBlank(String field, CharSequence value) {
        require(value != null && !value.toString().isBlank(), () -> field + " is empty");
    }

    void maxLength(String field, CharSequence value, int max) {
        if (value != null && value.length() > max) {
            int characters = Character.codePointCount(value, 0, value.length());
            require(characters <= max, () -> field + " has " + characters + " characters, more than its column's " + max);
        }
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

    /** A JSON document PostgreSQL's JSONB accepts (null means the column default, and passes). */
    void json(String field, CharSequence text) {
        if (text == null) {
            return;
        }
        boolean storable = true;
        try (JsonParser parser = JSON.createParser(text.toString())) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                found.add(field + " is not JSON: it is empty");
                return;
            }
            int depth = 0;
            do {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME, VALUE_STRING -> storable &= storableText(parser.getText());
                    // Only a long integer can overflow NUMERIC; reading every one as a BigDecimal would cost more.
                    case VALUE_NUMBER_INT -> storable &= parser.getTextLength() < 1000 || fitsNumeric(parser.getDecimalValue());
                    case VALUE_NUMBER_FLOAT -> storable &= fitsNumeric(parser.getDecimalValue());
                    default -> { }
                }
                token = depth == 0 ? null : parser.nextToken();
            } while (token != null);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                found.add(field + " is not JSON: trailing token " + trailing.asString() + " after the value");
                return;
            }
        } catch (IOException e) {
            found.add(field + " is not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage()));
            return;
        }
        if (!storable) {
            found.add(field + " holds a NUL character, a lone surrogate or a number beyond NUMERIC, which JSONB cannot store");
        }
    }

    private static boolean fitsNumeric(BigDecimal n) {
        return n.precision() - n.scale() <= NUMERIC_INTEGER_DIGITS && n.scale() <= NUMERIC_FRACTION_DIGITS;
    }

    /** JSONB stores text as UTF-8 without NUL: every key and string must be free of U+0000 and unpaired surrogates. */
    private static boolean storableText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** An address PostgreSQL's INET accepts, judged by its text alone (never a DNS lookup). */
    void ipAddress(String field, CharSequence value) {
        require(value == null || IPV4.matcher(value).matches() || isIpv6(value),
                () -> field + " '" + value + "' is not an IPv4 or IPv6 address");
    }

    private static boolean isIpv6(CharSequence value) {
        Matcher m = IPV6.matcher(value);
        if (!m.matches()) {
            return false;
        }
        try {
            // In brackets the JDK only parses an IPv6 literal (IPv4-mapped ones included, as INET takes them).
            return InetAddress.getByName("[" + m.group(1) + "]") != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** No string anywhere in the event (nested records, arrays and maps included) holds U+0000. */
    public void noNulCharacters(GenericRecord event) {
        Schema schema = event.getSchema();
        for (int pos : textFields(schema)) {
            Object value = event.get(pos);
            // The paths are built only for a value that holds a NUL: building them for every field cost more than
            // all the other checks of an event together.
            if (holdsNul(value)) {
                findNul(schema.getFields().get(pos).name(), value);
            }
        }
    }

    /**
     * The positions of the fields of {@code schema} that can hold text: strings (but uuids, which the codec turns into
     * UUIDs), records, arrays and maps that may hold some. Numbers, enums, booleans and times cannot hold a NUL, and
     * looking at each of them for every event cost more than the strings.
     */
    private static int[] textFields(Schema schema) {
        return TEXT_FIELDS.computeIfAbsent(schema, s -> s.getFields().stream()
                .filter(f -> canHoldText(f.schema())).mapToInt(Schema.Field::pos).toArray());
    }

    private static boolean canHoldText(Schema schema) {
        return switch (schema.getType()) {
            case STRING -> !"uuid".equals(schema.getProp("logicalType"));
            case UNION -> schema.getTypes().stream().anyMatch(Violations::canHoldText);
            case ARRAY -> canHoldText(schema.getElementType());
            case RECORD, MAP -> true;
            default -> false;
        };
    }

    private static boolean holdsNul(Object value) {
        if (value instanceof String s) {
            return s.indexOf('\0') >= 0;
        } else if (value instanceof CharSequence s) {
            return s.toString().indexOf('\0') >= 0;
        } else if (value instanceof GenericRecord r) {
            for (int pos : textFields(r.getSchema())) {
                if (holdsNul(r.get(pos))) {
                    return true;
                }
            }
        } else if (value instanceof Collection<?> items && !items.isEmpty()) {
            for (Object item : items) {
                if (holdsNul(item)) {
                    return true;
                }
            }
        } else if (value instanceof Map<?, ?> map && !map.isEmpty()) { // an empty HashMap's iterator scans its table
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (holdsNul(e.getKey()) || holdsNul(e.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void findNul(String path, Object value) {
        if (value instanceof CharSequence s) {
            if (s.toString().indexOf('\0') >= 0) {
                found.add(path + " holds a NUL character, which PostgreSQL text cannot store");
            }
        } else if (value instanceof GenericRecord r) {
            for (Schema.Field f : r.getSchema().getFields()) {
                findNul(path + "." + f.name(), r.get(f.pos()));
            }
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                findNul(path + "[" + i++ + "]", item);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                findNul(path + " key", e.getKey());
                findNul(path + "[" + e.getKey() + "]", e.getValue());
            }
        }
    }

    private static int signum(Number value) {
        return value instanceof BigDecimal d ? d.signum() : Long.signum(value.longValue());
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    @Override
    public String toString() {
        return String.join("; ", found);
    }
}
