package com.aybiza.service.crud;

import com.aybiza.service.auth.ApiKey;
import com.aybiza.service.auth.ApiKeyTokens;
import com.aybiza.service.auth.Permissions;
import com.aybiza.service.catalog.Column;
import com.aybiza.service.catalog.IdentifierFormat;
import com.aybiza.service.catalog.Table;
import com.aybiza.service.crypto.PasswordHasher;
import com.aybiza.service.errors.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Create, partial update and delete of one row, under the request's row-level security. The server sets ids,
 * generated identifiers, bookkeeping columns, the owner columns a create leaves out and the author; it seals
 * encrypted fields and hashes passwords. Constraints are left to the database ({@link
 * com.aybiza.service.errors.SqlErrorTranslator} words its refusals).
 */
public final class RowWrites {

    private static final int IDENTIFIER_ATTEMPTS = 5;
    private static final Set<String> IMMUTABLE = Set.of("tenant_id", "organization_id", "created_by_id", "created_by");

    private final Rows rows;
    private final RowReads reads;
    private final ColumnValues values;
    private final SecretFields secrets;
    private final PasswordHasher passwords;
    private final SecureRandom random;
    private final Clock clock;
    private final ObjectMapper json;
    private final ApiKeyTokens tokens;

    public RowWrites(ObjectMapper json, RowReads reads, ColumnValues values, SecretFields secrets,
                     PasswordHasher passwords, ApiKeyTokens tokens, SecureRandom random, Clock clock) {
        this.json = json;
        this.tokens = tokens;
        this.rows = new Rows(json);
        this.reads = reads;
        this.values = values;
        this.secrets = secrets;
        this.passwords = passwords;
        this.random = random;
        this.clock = clock;
    }

    public Change create(Connection c, ApiKey key, Table table, ObjectNode body) throws SQLException {
        UUID id = UUID.randomUUID();
        Map<String, String> given = new LinkedHashMap<>();
        Map<String, JsonNode> sealedLater = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Column column = writable(table, field.getKey());
            if (table.isSecret(column.name())) {
                sealedLater.put(column.name(), field.getValue());
            } else {
                given.put(column.name(), fieldText(c, table, column, field.getValue()));
            }
        }
        ReferenceGuard.check(c, table, given);

        Map<String, String> row = new LinkedHashMap<>(given);
        row.put("id", id.toString());
        fillFromKey(table, key, row);
        ObjectNode ownerView = json.createObjectNode();
        row.forEach((column, text) -> {
            if (text != null && Table.OWNER_COLUMNS.contains(column)) {
                ownerView.put(column, text);
            }
        });
        UUID owner = SecretFields.owner(table, ownerView, key);
        for (Map.Entry<String, JsonNode> secret : sealedLater.entrySet()) {
            row.put(secret.getKey(), secrets.seal(c, table, table.columns().get(secret.getKey()), secret.getValue(),
                    id, owner));
        }
        if (table.has("data_key_encrypted")) {
            fillVaultColumns(c, table, row, owner);
        }
        String issuedKey = null;
        if (table.has("key_hash")) {
            checkGrantable(key, body.get("permissions"));
            if (key.tenantScoped() && table.has("tenant_id") && row.get("tenant_id") == null) {
                throw ApiException.forbidden("a tenant's key cannot issue a key of the whole organization; "
                        + "use an organization-wide key (bin/aybiza bootstrap --organization-wide)");
            }
            issuedKey = tokens.newKey();
            row.put("key_hash", ApiKeyTokens.hash(issuedKey));
        }
        ObjectNode created = insert(c, table, row);
        table.exposed().encrypted().forEach(created::remove);
        if (issuedKey != null) {
            // The only time the key is shown: the database keeps its hash alone.
            created.put("key", issuedKey);
        }
        return new Change("create", id, label(table, created), List.copyOf(body.properties().stream()
                .map(Map.Entry::getKey).toList()), Rows.withoutHidden(table, created));
    }

    public Change update(Connection c, ApiKey key, Table table, String id, ObjectNode body) throws SQLException {
        ObjectNode current = reads.find(c, table, id, true);
        if (current == null) {
            throw ApiException.notFound();
        }
        ObjectNode changes = body.deepCopy();
        if (table.hasVersion()) {
            JsonNode version = changes.remove("version");
            if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
                throw ApiException.badField("version", "version is required: the version of the row you change");
            }
            JsonNode stored = current.get("version");
            if (stored == null || stored.isNull() || stored.asInt() != version.asInt()) {
                throw ApiException.conflict("stale_version", "the row has changed since version " + version.asInt()
                        + "; it is at version " + (stored == null ? "null" : stored.asText()) + ": read it again",
                        "version");
            }
        }
        if (changes.isEmpty()) {
            throw ApiException.badRequest("nothing to update: name at least one field");
        }
        if (table.has("key_hash") && changes.has("permissions")) {
            checkGrantable(key, changes.get("permissions"));
        }
        UUID rowId = UUID.fromString(current.get("id").asText());
        UUID owner = SecretFields.owner(table, current, key);
        Map<String, String> given = new LinkedHashMap<>();
        Map<String, String> set = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Column column = writable(table, field.getKey());
            if (IMMUTABLE.contains(column.name())) {
                throw ApiException.badField(column.name(), column.name() + " cannot be changed");
            }
            if (table.isSecret(column.name())) {
                set.put(column.name(), secrets.seal(c, table, column, field.getValue(), rowId, owner));
            } else {
                String text = fieldText(c, table, column, field.getValue());
                given.put(column.name(), text);
                set.put(column.name(), text);
            }
        }
        ReferenceGuard.check(c, table, given);

        StringBuilder sql = new StringBuilder("UPDATE ").append(table.sqlName()).append(" AS t SET ");
        List<String> parameters = new ArrayList<>();
        List<String> assignments = new ArrayList<>();
        set.forEach((column, text) -> {
            assignments.add(Table.quote(column) + " = CAST(? AS " + table.columns().get(column).type() + ")");
            parameters.add(text);
        });
        if (table.hasVersion()) {
            assignments.add("version = t.version + 1");
        }
        if (table.has("updated_at")) {
            assignments.add("updated_at = now()");
        }
        if (table.has("updated_by_id") && key.userId() != null && !set.containsKey("updated_by_id")) {
            assignments.add("updated_by_id = CAST(? AS uuid)");
            parameters.add(key.userId().toString());
        }
        sql.append(String.join(", ", assignments)).append(" WHERE t.id = CAST(? AS uuid) RETURNING to_jsonb(t)");
        parameters.add(rowId.toString());
        ObjectNode updated;
        try (PreparedStatement st = c.prepareStatement(sql.toString())) {
            bind(st, parameters);
            updated = rows.query(st).get(0);
        }
        table.exposed().encrypted().forEach(updated::remove);
        return new Change("update", rowId, label(table, updated), List.copyOf(set.keySet()),
                Rows.withoutHidden(table, updated));
    }

    public Change delete(Connection c, Table table, String id) throws SQLException {
        UUID uuid = RowReads.parseId(id);
        if (uuid == null) {
            throw ApiException.notFound();
        }
        try (PreparedStatement st = c.prepareStatement(
                "DELETE FROM " + table.sqlName() + " AS t WHERE t.id = ? RETURNING to_jsonb(t)")) {
            st.setObject(1, uuid);
            List<ObjectNode> deleted = rows.query(st);
            if (deleted.isEmpty()) {
                throw ApiException.notFound();
            }
            return new Change("delete", uuid, label(table, deleted.get(0)), List.of(), null);
        }
    }

    /** An API key can hand out no more than it holds itself. */
    private static void checkGrantable(ApiKey key, JsonNode permissions) {
        if (permissions != null && !key.permissions().covers(Permissions.parse(permissions))) {
            throw ApiException.forbidden("a key cannot grant permissions it does not hold");
        }
    }

    private Column writable(Table table, String field) {
        Column column = table.columns().get(field);
        if (column == null) {
            throw ApiException.badField(field, "unknown field " + (field.matches("[A-Za-z0-9_]{1,63}") ? field
                    : "(not a column name)") + " for " + table.name());
        }
        if (table.isServerSet(field)) {
            throw ApiException.badField(field, field + " is set by the server");
        }
        return column;
    }

    private String fieldText(Connection c, Table table, Column column, JsonNode value) throws SQLException {
        if (table.exposed().passwordHashes().contains(column.name())) {
            if (value == null || !value.isTextual() || value.asText().length() < 12) {
                throw ApiException.badField(column.name(), column.name() + " takes the password: at least 12 characters");
            }
            return passwords.hash(value.asText());
        }
        String text = values.text(column, value);
        TypeProbe.check(c, column, text);
        return text;
    }

    /** The owner columns and the author a create leaves out come from the API key. */
    private static void fillFromKey(Table table, ApiKey key, Map<String, String> row) {
        if (table.has("tenant_id") && !row.containsKey("tenant_id") && key.tenantScoped()) {
            row.put("tenant_id", key.tenantId().toString());
        }
        if (table.has("organization_id") && !row.containsKey("organization_id")) {
            row.put("organization_id", key.organizationId().toString());
        }
        for (String author : Table.AUTHOR_COLUMNS) {
            if (table.has(author) && !row.containsKey(author) && key.userId() != null) {
                row.put(author, key.userId().toString());
            }
        }
    }

    /** customer_credentials: the wrapped data key, what the ciphertext is bound to, and the master key's name. */
    private void fillVaultColumns(Connection c, Table table, Map<String, String> row, UUID owner) throws SQLException {
        row.put("data_key_encrypted", secrets.keyRing().dataKey(c, owner).wrapped());
        ObjectNode context = json.createObjectNode();
        context.put("owner_id", owner.toString());
        context.put("aad", table.qualifiedName() + ".<column>/" + row.get("id"));
        row.put("encryption_context", context.toString());
        row.put("kms_key_alias", secrets.keyRing().masterKey().id());
    }

    private ObjectNode insert(Connection c, Table table, Map<String, String> row) throws SQLException {
        Map<String, IdentifierFormat> generated = table.exposed().generatedIdentifiers();
        for (int attempt = 1; ; attempt++) {
            generated.forEach((column, format) -> row.put(column, format.generate(random, clock)));
            List<String> columns = new ArrayList<>(row.keySet());
            String sql = "INSERT INTO " + table.sqlName() + " AS t ("
                    + String.join(", ", columns.stream().map(Table::quote).toList()) + ") VALUES ("
                    + String.join(", ", columns.stream()
                            .map(col -> "CAST(? AS " + table.columns().get(col).type() + ")").toList())
                    + ") RETURNING to_jsonb(t)";
            Savepoint savepoint = generated.isEmpty() ? null : c.setSavepoint();
            try (PreparedStatement st = c.prepareStatement(sql)) {
                bind(st, columns.stream().map(row::get).toList());
                ObjectNode created = rows.query(st).get(0);
                if (savepoint != null) {
                    c.releaseSavepoint(savepoint);
                }
                return created;
            } catch (SQLException e) {
                // A random identifier that is taken already (1 in 36^8 or more): draw another.
                if (savepoint != null && "23505".equals(e.getSQLState()) && attempt < IDENTIFIER_ATTEMPTS) {
                    c.rollback(savepoint);
                    continue;
                }
                throw e;
            }
        }
    }

    private static void bind(PreparedStatement st, List<String> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            st.setString(i + 1, parameters.get(i));
        }
    }

    private static String label(Table table, ObjectNode row) {
        return table.labelColumn().map(row::get).filter(JsonNode::isTextual).map(JsonNode::asText)
                .map(s -> s.length() > 255 ? s.substring(0, 255) : s).orElse(null);
    }
}
