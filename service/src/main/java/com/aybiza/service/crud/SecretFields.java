package com.aybiza.service.crud;

import com.aybiza.service.auth.ApiKey;
import com.aybiza.service.catalog.Column;
import com.aybiza.service.catalog.Table;
import com.aybiza.service.crypto.DataKeyRing;
import com.aybiza.service.crypto.FieldCipher;
import com.aybiza.service.errors.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The fields the document marks as encrypted: sealed with the owner's data key before they are written, opened
 * after a get that may show them, and left out of every other response. The owner is the row's tenant, else its
 * organization, else (child rows without either) the key's organization.
 */
public final class SecretFields {

    private final DataKeyRing keyRing;
    private final FieldCipher cipher;
    private final ObjectMapper json;

    public SecretFields(DataKeyRing keyRing, FieldCipher cipher, ObjectMapper json) {
        this.keyRing = keyRing;
        this.cipher = cipher;
        this.json = json;
    }

    public DataKeyRing keyRing() {
        return keyRing;
    }

    /** The stored form of a secret column's value: text columns hold the ciphertext, JSONB a JSON string of it. */
    public String seal(Connection c, Table table, Column column, JsonNode value, UUID rowId, UUID owner)
            throws SQLException {
        if (value == null || value.isNull()) {
            if (column.notNull()) {
                throw ApiException.badField(column.name(), column.name() + " must not be null");
            }
            return null;
        }
        String plaintext;
        if (column.isJson()) {
            plaintext = write(value);
        } else if (value.isTextual()) {
            plaintext = value.asText();
        } else {
            throw ApiException.badField(column.name(), column.name() + " must be a string");
        }
        String sealed = cipher.encrypt(keyRing.dataKey(c, owner).key(), plaintext, context(table, column.name(), rowId));
        if (column.isJson()) {
            return write(json.getNodeFactory().textNode(sealed));
        }
        ColumnValues.checkLength(column, sealed.length());
        return sealed;
    }

    /** Replaces each sealed field of {@code row} by its plaintext, or removes it when {@code reveal} is false. */
    public void open(Connection c, Table table, ObjectNode row, boolean reveal, ApiKey key) throws SQLException {
        for (String column : table.exposed().encrypted()) {
            JsonNode stored = row.get(column);
            if (!reveal) {
                row.remove(column);
            } else if (stored != null && stored.isTextual() && FieldCipher.isCiphertext(stored.asText())) {
                UUID rowId = UUID.fromString(row.get("id").asText());
                String plain = cipher.decrypt(keyRing.dataKey(c, owner(table, row, key)).key(), stored.asText(),
                        context(table, column, rowId));
                row.set(column, table.columns().get(column).isJson() ? read(plain) : json.getNodeFactory().textNode(plain));
            }
            // Anything else was not written by the service (a column default such as '{}'): shown as it is.
        }
    }

    public static UUID owner(Table table, JsonNode row, ApiKey key) {
        for (String column : new String[] {"tenant_id", "organization_id"}) {
            JsonNode value = row.get(column);
            if (table.has(column) && value != null && value.isTextual()) {
                return UUID.fromString(value.asText());
            }
        }
        return key.organizationId();
    }

    private static String context(Table table, String column, UUID rowId) {
        return table.qualifiedName() + "." + column + "/" + rowId;
    }

    private String write(JsonNode value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decrypted JSON field does not parse", e);
        }
    }
}
