package com.aybiza.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * The authenticated caller: an API key of one tenant ({@code tenantId} set; requests run as application_role) or of
 * a whole organization ({@code tenantId} null; requests run as admin_role). {@code userId} is the user who created
 * the key: the author of what the key creates and changes.
 */
public record ApiKey(UUID id, String name, UUID organizationId, UUID tenantId, UUID userId, Permissions permissions,
                     JsonNode rateLimit) {

    public boolean tenantScoped() {
        return tenantId != null;
    }
}
