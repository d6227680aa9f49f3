package com.aybiza.service.catalog;

/** A single-column foreign key: column refers to {@code referencedTable}(referencedColumn). */
public record ForeignKey(String constraint, String column, String referencedTable, String referencedColumn) {
}
