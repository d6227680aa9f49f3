package com.aybiza.service.crud;

import com.aybiza.service.catalog.Table;
import com.aybiza.service.errors.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A list request: equality filters on indexed columns, one sort column (ascending, or descending with a leading
 * '-'), a page size and the cursor of the previous page. Every name must be one of the table's columns as the
 * catalog lists them, so nothing a client writes reaches the SQL text.
 */
public record ListQuery(Map<String, String> filters, String sortColumn, boolean descending, int limit, Cursor after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static ListQuery parse(Table table, Map<String, List<String>> parameters) {
        Map<String, String> filters = new LinkedHashMap<>();
        String sort = "id";
        boolean descending = false;
        int limit = DEFAULT_LIMIT;
        String cursor = null;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (parameter.getValue().size() != 1) {
                throw ApiException.badField(name, name + " may be given once");
            }
            String value = parameter.getValue().get(0);
            switch (name) {
                case "sort" -> {
                    descending = value.startsWith("-");
                    sort = descending ? value.substring(1) : value;
                    if (!table.isSortable(sort)) {
                        throw ApiException.badField("sort", "sort must name a column that is never null and not "
                                + "JSON, optionally with a leading '-' (e.g. -created_at)");
                    }
                }
                case "limit" -> {
                    try {
                        limit = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        limit = -1;
                    }
                    if (limit < 1 || limit > MAX_LIMIT) {
                        throw ApiException.badField("limit", "limit must be between 1 and " + MAX_LIMIT);
                    }
                }
                case "cursor" -> cursor = value;
                default -> {
                    if (!table.isFilterable(name)) {
                        throw ApiException.badField(name, "unknown parameter " + safe(name)
                                + ": filters are the indexed columns of " + table.name());
                    }
                    filters.put(name, value);
                }
            }
        }
        Cursor after = cursor == null ? null : Cursor.decode(cursor, sort, descending);
        return new ListQuery(Map.copyOf(filters), sort, descending, limit, after);
    }

    /** A parameter name echoed in a message: only if it is a plain identifier, else not at all. */
    private static String safe(String name) {
        return name.matches("[A-Za-z0-9_]{1,63}") ? name : "(not a column name)";
    }
}
