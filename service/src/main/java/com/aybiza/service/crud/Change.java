package com.aybiza.service.crud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/** What a create, update or delete did, for the response and the audit log (field names only, never values). */
public record Change(String action, UUID resourceId, String resourceName, List<String> fields, ObjectNode row) {
}
