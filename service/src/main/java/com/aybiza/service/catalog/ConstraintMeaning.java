package com.aybiza.service.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a constraint PostgreSQL reports into words a client can act on, from its definition in the catalog
 * (pg_get_constraintdef). The SQL text itself never reaches a response.
 */
public final class ConstraintMeaning {

    // ((status)::text = ANY ((ARRAY['active'::character varying, 'inactive'::character varying])::text[]))
    private static final Pattern IN_LIST = Pattern.compile("^CHECK \\(\\(\\(?\"?(\\w+)\"?\\)?(?:::\\w+)? = ANY \\(");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");
    // ((rating >= 1) AND (rating <= 5))
    private static final Pattern RANGE = Pattern.compile(
            "^CHECK \\(\\(\\(\"?(\\w+)\"? >= ([-\\d.]+)\\) AND \\(\"?\\1\"? <= ([-\\d.]+)\\)\\)\\)$");

    private ConstraintMeaning() {
    }

    /** The column and values of a {@code CHECK (column IN (...))}, or null for any other definition. */
    public static InList inList(String definition) {
        Matcher m = IN_LIST.matcher(definition);
        if (!m.find()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        Matcher q = QUOTED.matcher(definition);
        while (q.find()) {
            values.add(q.group(1).replace("''", "'"));
        }
        return values.isEmpty() ? null : new InList(m.group(1), values);
    }

    public static String ofCheck(String constraint, String definition) {
        InList in = inList(definition);
        if (in != null) {
            return in.column() + " must be one of: " + String.join(", ", in.values());
        }
        Matcher range = RANGE.matcher(definition);
        if (range.matches()) {
            return range.group(1) + " must be between " + range.group(2) + " and " + range.group(3);
        }
        return "the row breaks the rule " + constraint;
    }

    public static String ofUnique(List<String> columns) {
        return columns.size() == 1
                ? "another row already has this " + columns.get(0)
                : "another row already has this combination of " + String.join(", ", columns);
    }

    public static String ofForeignKey(String column, String referencedTable) {
        return column + " must name an existing " + singular(referencedTable) + " that you can see";
    }

    public static String ofReferencedRow(String referencingTable) {
        return "the row is still referred to by " + referencingTable + "; delete or change those rows first";
    }

    private static String singular(String qualifiedTable) {
        String table = qualifiedTable.substring(qualifiedTable.indexOf('.') + 1);
        return table.endsWith("ies") ? table.substring(0, table.length() - 3) + "y"
                : table.endsWith("s") ? table.substring(0, table.length() - 1) : table;
    }

    public record InList(String column, List<String> values) {
    }
}
