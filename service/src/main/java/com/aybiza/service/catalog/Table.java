package com.aybiza.service.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An exposed table with what the catalog says about it. */
public record Table(ExposedTable exposed, Map<String, Column> columns, Set<String> indexedColumns,
                    List<ForeignKey> foreignKeys) {

    /** Bookkeeping columns no client sets. */
    private static final Set<String> ALWAYS_SERVER_SET = Set.of("id", "created_at", "updated_at");
    /** Columns the service fills from the API key when a create leaves them out. */
    public static final Set<String> OWNER_COLUMNS = Set.of("tenant_id", "organization_id");
    /** Who created or changed a row: the API key's user unless given. */
    public static final Set<String> AUTHOR_COLUMNS = Set.of("created_by_id", "created_by");

    public Table {
        columns = new LinkedHashMap<>(columns);
        indexedColumns = Set.copyOf(indexedColumns);
        foreignKeys = List.copyOf(foreignKeys);
    }

    public String name() {
        return exposed.name();
    }

    public String qualifiedName() {
        return exposed.qualifiedName();
    }

    /** The table's name quoted for SQL: both parts come from the allow-list, never from a request. */
    public String sqlName() {
        return quote(exposed.schema()) + "." + quote(exposed.name());
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public Optional<Column> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    public boolean has(String column) {
        return columns.containsKey(column);
    }

    /**
     * Whether the table has the document's row version ({@code version INTEGER DEFAULT 1}) for optimistic locking.
     * agent_versions, workflow_versions and tool_versions have a {@code version} too, NOT NULL without a default:
     * there it numbers the published versions, and clients set it.
     */
    public boolean hasVersion() {
        Column version = columns.get("version");
        return version != null && version.hasDefault();
    }

    public boolean isSecret(String column) {
        return exposed.encrypted().contains(column);
    }

    /** Never in a response: password hashes and API key hashes. */
    public boolean isHidden(String column) {
        return exposed.passwordHashes().contains(column) || column.equals("key_hash");
    }

    /** Set by the server only; a client that sends one gets 400. */
    public boolean isServerSet(String column) {
        return ALWAYS_SERVER_SET.contains(column) || column.equals("version") && hasVersion()
                || exposed.serverManaged().contains(column)
                || exposed.generatedIdentifiers().containsKey(column);
    }

    /** Equality filters: indexed columns whose values compare as plain scalars. */
    public boolean isFilterable(String column) {
        Column c = columns.get(column);
        return c != null && indexedColumns.contains(column) && !c.isJson() && !isSecret(column) && !isHidden(column);
    }

    /** Sort keys: NOT NULL scalar columns, so that a cursor (value, id) orders every row. */
    public boolean isSortable(String column) {
        Column c = columns.get(column);
        return c != null && c.notNull() && !c.isJson() && !isSecret(column) && !isHidden(column);
    }

    /** A human name of a row for the audit log, if the table has one. */
    public Optional<String> labelColumn() {
        for (String candidate : List.of("name", "title", "company_name", "brand_name", "policy_name",
                "credential_name", "document_name", "full_name", "number", "phone_number")) {
            if (has(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
