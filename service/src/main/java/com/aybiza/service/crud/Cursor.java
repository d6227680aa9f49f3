package com.aybiza.service.crud;

import com.aybiza.service.errors.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page ended: the sort column's value and the id of its last row (ties broken by id), so the next page
 * starts after it whatever was inserted or deleted in between. Opaque to clients; checked when it comes back.
 */
public record Cursor(String sortColumn, boolean descending, String sortValue, UUID lastId) {

    public String encode() {
        String text = sortColumn + "\n" + (descending ? "desc" : "asc") + "\n" + lastId + "\n" + sortValue;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String encoded, String sortColumn, boolean descending) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\n", 4);
            Cursor cursor = new Cursor(parts[0], parts[1].equals("desc"), parts[3], UUID.fromString(parts[2]));
            if (!cursor.sortColumn.equals(sortColumn) || cursor.descending != descending) {
                throw ApiException.badField("cursor", "the cursor belongs to a list with another sort order");
            }
            return cursor;
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw ApiException.badField("cursor", "cursor is not one this service returned");
        }
    }
}
