package com.aybiza.service.auth;

import com.aybiza.service.errors.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Finds the key behind {@code Authorization: Bearer <key>} in security.api_keys by its hash and enforces its
 * status, expires_at and ip_whitelist; {@link #admit} then its rate_limit. Both run on the request's own connection
 * before the request drops to application_role: the key decides which tenant that will be, so it cannot be read
 * under that tenant's policy (and the request counters are no tenant's rows).
 */
public final class ApiKeyAuthenticator {

    private static final String LOOKUP = """
            SELECT id, name, organization_id, tenant_id, created_by_id, permissions::text, rate_limit::text,
                   ip_whitelist::text, status, expires_at
            FROM security.api_keys WHERE key_hash = ?""";

    private final ObjectMapper json;
    private final RateLimiter rateLimiter;
    private final Clock clock;

    public ApiKeyAuthenticator(ObjectMapper json, RateLimiter rateLimiter, Clock clock) {
        this.json = json;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
    }

    /**
     * Counts the request against the key's rate_limit and records the key's use, ending the transaction on {@code c}
     * (see {@link RateLimiter#acquire}); past the limit, 429 with the seconds to wait.
     */
    public void admit(Connection c, ApiKey key) throws SQLException {
        long retryAfter = rateLimiter.acquire(c, key.id(), key.rateLimit());
        if (retryAfter > 0) {
            throw ApiException.tooManyRequests(retryAfter);
        }
    }

    public ApiKey authenticate(Connection c, String authorization, String clientAddress) throws SQLException {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("an API key is required: Authorization: Bearer <key>");
        }
        String token = authorization.substring(7).trim();
        if (!ApiKeyTokens.wellFormed(token)) {
            throw ApiException.unauthorized("unknown API key");
        }
        try (PreparedStatement st = c.prepareStatement(LOOKUP)) {
            st.setString(1, ApiKeyTokens.hash(token));
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.unauthorized("unknown API key");
                }
                String status = rs.getString("status");
                if (!"active".equals(status)) {
                    throw ApiException.unauthorized("the API key is " + (status == null ? "not active" : status));
                }
                OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
                if (expires != null && !expires.toInstant().isAfter(clock.instant())) {
                    throw ApiException.unauthorized("the API key has expired");
                }
                if (!IpAllowList.parse(tree(rs.getString("ip_whitelist"))).allows(clientAddress)) {
                    throw ApiException.forbidden("this API key may not be used from " + clientAddress);
                }
                return new ApiKey(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getObject("organization_id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        rs.getObject("created_by_id", UUID.class), Permissions.parse(tree(rs.getString("permissions"))),
                        tree(rs.getString("rate_limit")));
            }
        }
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("security.api_keys holds JSON that does not parse", e);
        }
    }
}
