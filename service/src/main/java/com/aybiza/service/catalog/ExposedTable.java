package com.aybiza.service.catalog;

import java.util.Map;
import java.util.Set;

/**
 * One table the service exposes, with the facts the database's catalog does not hold: how it is owned, which
 * columns the document marks as encrypted, which hold a password hash, which the server alone sets, and which
 * identifier it generates. The collection is named after the table ({@code /v1/agents}).
 */
public record ExposedTable(String schema, String name, Ownership ownership, Set<String> encrypted,
                           Set<String> passwordHashes, Set<String> serverManaged,
                           Map<String, IdentifierFormat> generatedIdentifiers) {

    public ExposedTable {
        encrypted = Set.copyOf(encrypted);
        passwordHashes = Set.copyOf(passwordHashes);
        serverManaged = Set.copyOf(serverManaged);
        generatedIdentifiers = Map.copyOf(generatedIdentifiers);
    }

    public static ExposedTable of(String schema, String name, Ownership ownership) {
        return new ExposedTable(schema, name, ownership, Set.of(), Set.of(), Set.of(), Map.of());
    }

    public ExposedTable encrypting(String... columns) {
        return new ExposedTable(schema, name, ownership, Set.of(columns), passwordHashes, serverManaged,
                generatedIdentifiers);
    }

    public ExposedTable hashingPasswords(String... columns) {
        return new ExposedTable(schema, name, ownership, encrypted, Set.of(columns), serverManaged,
                generatedIdentifiers);
    }

    public ExposedTable serverManaging(String... columns) {
        return new ExposedTable(schema, name, ownership, encrypted, passwordHashes, Set.of(columns),
                generatedIdentifiers);
    }

    public ExposedTable generating(String column, IdentifierFormat format) {
        return new ExposedTable(schema, name, ownership, encrypted, passwordHashes, serverManaged,
                Map.of(column, format));
    }

    public String qualifiedName() {
        return schema + "." + name;
    }
}
