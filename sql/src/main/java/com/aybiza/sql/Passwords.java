package com.aybiza.sql;

import java.util.regex.Pattern;

/**
 * Masks passwords in text that is about to be shown: an error message, a log line, a URL echoed back. A user pastes
 * whatever URL they have (JDBC, libpq, a {@code postgres://user:pass@host} URI, a libpq key=value string), so every
 * shape that can carry a password is covered, not just the JDBC one this project asks for.
 */
public final class Passwords {

    /** {@code password=P} / {@code password: P} up to the next separator (URL query, libpq key=value, properties). */
    private static final Pattern KEY_VALUE =
            Pattern.compile("(?i)(\\b(?:password|passwd|pwd)\\s*[=:]\\s*)(?!\\*\\*\\*)[^&;,\\s'\"]+");
    /** The password of a URI's user info: {@code scheme://user:P@host}. */
    private static final Pattern USER_INFO =
            Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/:@\\s]*:)(?!\\*\\*\\*@)[^@/\\s]+@");

    public static final String MASK = "***";

    private Passwords() {}

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String masked = KEY_VALUE.matcher(text).replaceAll("$1" + MASK);
        return USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }
}
