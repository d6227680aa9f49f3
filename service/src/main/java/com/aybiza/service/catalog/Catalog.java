package com.aybiza.service.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The exposed tables as the database describes them, and what each of its constraints means in words. Read once
 * at start by {@link CatalogReader}; immutable afterwards.
 */
public final class Catalog {

    private final Map<String, Table> tablesByCollection;
    private final Map<String, String> constraintMeanings;

    Catalog(Map<String, Table> tablesByCollection, Map<String, String> constraintMeanings) {
        this.tablesByCollection = new LinkedHashMap<>(tablesByCollection);
        this.constraintMeanings = Map.copyOf(constraintMeanings);
    }

    public Optional<Table> collection(String name) {
        return Optional.ofNullable(tablesByCollection.get(name));
    }

    public Collection<Table> tables() {
        return tablesByCollection.values();
    }

    /** The meaning of constraint {@code name} on {@code schema.table}, if the catalog has it. */
    public Optional<String> meaning(String schema, String table, String constraint) {
        return Optional.ofNullable(constraintMeanings.get(schema + "." + table + "." + constraint));
    }
}
