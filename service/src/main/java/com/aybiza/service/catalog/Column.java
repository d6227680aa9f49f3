package com.aybiza.service.catalog;

import java.util.List;

/**
 * One column as PostgreSQL's catalog describes it.
 *
 * @param type          the type to cast a bound value to (format_type without modifier, e.g. "character varying")
 * @param udtName       the base type's name (varchar, jsonb, uuid, int4, numeric, timestamptz, ...)
 * @param maxLength     a VARCHAR's length, or -1
 * @param precision     a NUMERIC's precision, or -1
 * @param scale         a NUMERIC's scale, or -1
 * @param allowedValues the values a CHECK (column IN (...)) allows, empty if none
 */
public record Column(String name, String type, String udtName, boolean notNull, boolean hasDefault, int maxLength,
                     int precision, int scale, List<String> allowedValues) {

    public boolean isJson() {
        return udtName.equals("jsonb") || udtName.equals("json");
    }
}
