package com.aybiza.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * An API key's {@code permissions}: collection name (or {@code "*"} for all) to the actions allowed on it, e.g.
 * {@code {"*": ["read"], "agents": ["read", "write", "delete"]}}; {@code read_secrets} lets a get return the
 * decrypted fields; {@code "platform_admin": true} lets the key change platform-wide tables. Anything not granted
 * is refused: an empty object allows nothing.
 */
public final class Permissions {

    private final Map<String, Set<String>> allowed;
    private final boolean platformAdmin;

    private Permissions(Map<String, Set<String>> allowed, boolean platformAdmin) {
        this.allowed = allowed;
        this.platformAdmin = platformAdmin;
    }

    public static Permissions parse(JsonNode json) {
        Map<String, Set<String>> allowed = new HashMap<>();
        if (json != null && json.isObject()) {
            json.fields().forEachRemaining(entry -> {
                if (entry.getValue().isArray()) {
                    Set<String> actions = new HashSet<>();
                    entry.getValue().forEach(a -> actions.add(a.asText()));
                    allowed.put(entry.getKey(), Set.copyOf(actions));
                }
            });
        }
        boolean platformAdmin = json != null && json.path("platform_admin").asBoolean(false);
        return new Permissions(Map.copyOf(allowed), platformAdmin);
    }

    public boolean allows(String collection, Action action) {
        return allowed.getOrDefault(collection, Set.of()).contains(action.permission())
                || allowed.getOrDefault("*", Set.of()).contains(action.permission());
    }

    /** Whether everything {@code other} grants is granted here too: a key may only issue keys weaker than itself. */
    public boolean covers(Permissions other) {
        if (other.platformAdmin && !platformAdmin) {
            return false;
        }
        for (Map.Entry<String, Set<String>> entry : other.allowed.entrySet()) {
            for (String action : entry.getValue()) {
                boolean granted = allowed.getOrDefault(entry.getKey(), Set.of()).contains(action)
                        || allowed.getOrDefault("*", Set.of()).contains(action);
                if (!granted) {
                    return false;
                }
            }
        }
        return true;
    }

    public boolean platformAdmin() {
        return platformAdmin;
    }
}
