package com.aybiza.service.http;

import com.aybiza.service.ConnectionPool;
import com.aybiza.service.audit.AuditTrail;
import com.aybiza.service.audit.RequestInfo;
import com.aybiza.service.auth.Action;
import com.aybiza.service.auth.ApiKey;
import com.aybiza.service.auth.ApiKeyAuthenticator;
import com.aybiza.service.catalog.Catalog;
import com.aybiza.service.catalog.Ownership;
import com.aybiza.service.catalog.Table;
import com.aybiza.service.crypto.MasterKeyUnavailableException;
import com.aybiza.service.errors.ApiException;
import com.aybiza.service.errors.SqlErrorTranslator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every /v1 request, the same way: authenticate the key and count it against its rate limit (a short transaction of
 * its own), check its permission, run the operation in one transaction under the key's tenant, record a change in
 * the audit and access logs in that same transaction, commit, answer.
 * Every refusal is mapped to its status here, in one place; no stack trace or SQL reaches a response.
 */
public final class RequestPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);

    /** One operation on a collection, inside the request's transaction. */
    @FunctionalInterface
    public interface Operation {
        Reply run(Connection c, ApiKey key, Table table, ObjectNode body) throws SQLException;
    }

    private final ConnectionPool pool;
    private final Catalog catalog;
    private final ApiKeyAuthenticator authenticator;
    private final AuditTrail audit;
    private final SqlErrorTranslator errors;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    public RequestPipeline(ConnectionPool pool, Catalog catalog, ApiKeyAuthenticator authenticator, AuditTrail audit,
                           SqlErrorTranslator errors, ObjectMapper json, long maxBodyBytes) {
        this.pool = pool;
        this.catalog = catalog;
        this.authenticator = authenticator;
        this.audit = audit;
        this.errors = errors;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void handle(Context ctx, Action action, boolean readsBody, Operation operation) {
        long start = System.nanoTime();
        UUID requestId = UUID.randomUUID();
        ctx.header("X-Request-Id", requestId.toString());
        boolean mutation = action != Action.READ;
        ApiKey key = null;
        RequestInfo info = new RequestInfo(requestId, ctx.method().name(), ctx.path(), ctx.req().getRemoteAddr(),
                ctx.userAgent(), 0, null, start);
        try (Connection c = pool.connection()) {
            try {
                byte[] body = readsBody ? BoundedBody.read(ctx.req().getInputStream(), ctx.req().getContentLengthLong(),
                        maxBodyBytes) : new byte[0];
                info = new RequestInfo(requestId, info.method(), info.endpoint(), info.clientAddress(),
                        info.userAgent(), body.length, body.length == 0 ? null : sha256(body), start);
                key = authenticator.authenticate(c, ctx.header("Authorization"), info.clientAddress());
                // Ends its own transaction: the count stays even if the rest of the request fails.
                authenticator.admit(c, key);
                Table table = catalog.collection(ctx.pathParam("collection")).orElseThrow(
                        () -> new ApiException(404, "not_found", "no such collection", null, Map.of()));
                authorize(key, table, action);
                ObjectNode parsed = readsBody ? parse(body) : null;
                TenantScope.enter(c, key);
                Reply reply = operation.run(c, key, table, parsed);
                byte[] response = reply.body() == null ? new byte[0] : json.writeValueAsBytes(reply.body());
                if (reply.change() != null) {
                    audit.recordChange(c, key, table, reply.change(), info);
                    audit.recordAccess(c, key, info, reply.status(), response.length, null);
                }
                c.commit();
                ctx.status(reply.status());
                if (response.length > 0) {
                    ctx.contentType("application/json").result(response);
                }
            } catch (ApiException e) {
                c.rollback();
                refuse(ctx, c, key, info, mutation || e.status() == 429, e);
            } catch (SQLException e) {
                c.rollback();
                ApiException answer = errors.translate(e);
                if (answer.status() >= 500) {
                    LOG.error("request {} failed in the database (SQL state {})", requestId, e.getSQLState(), e);
                }
                refuse(ctx, c, key, info, mutation, answer);
            } catch (MasterKeyUnavailableException e) {
                c.rollback();
                LOG.error("request {} needed a data key: {}", requestId, e.getMessage(), e);
                refuse(ctx, c, key, info, mutation, new ApiException(503, "key_service_unavailable",
                        "the encryption key service is unavailable; try again later", null, Map.of("Retry-After", "5")));
            } catch (IOException | RuntimeException e) {
                c.rollback();
                LOG.error("request {} failed", requestId, e);
                refuse(ctx, c, key, info, mutation, new ApiException(500, "internal", "internal error", null, Map.of()));
            }
        } catch (SQLException e) {
            // No connection (pool exhausted or database down), or rollback/logging itself failed.
            respond(ctx, errors.translate(e));
        }
    }

    private static void authorize(ApiKey key, Table table, Action action) {
        if (!key.permissions().allows(table.name(), action)) {
            throw ApiException.forbidden("this API key may not " + action.permission() + " " + table.name());
        }
        if (table.exposed().ownership() == Ownership.PLATFORM && action != Action.READ
                && !key.permissions().platformAdmin()) {
            throw ApiException.forbidden(table.name() + " is platform-wide: only a platform administrator's key "
                    + "changes it");
        }
    }

    private ObjectNode parse(byte[] body) {
        try {
            if (body.length == 0) {
                throw ApiException.badRequest("a JSON object is required as the request body");
            }
            var node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the input; say where, not what.
            var at = e.getLocation();
            throw ApiException.badRequest("the request body is not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read");
        }
    }

    private void refuse(Context ctx, Connection c, ApiKey key, RequestInfo info, boolean logAccess, ApiException e) {
        byte[] body = respond(ctx, e);
        if (logAccess && key != null) {
            // The change rolled back; its attempt is still logged, in a transaction of its own.
            try {
                audit.recordAccess(c, key, info, e.status(), body.length, e.code());
                c.commit();
            } catch (SQLException logFailure) {
                LOG.warn("request {}: could not log the refused request", info.requestId(), logFailure);
            }
        }
    }

    private byte[] respond(Context ctx, ApiException e) {
        ObjectNode error = json.createObjectNode();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (e.field() != null) {
            error.put("field", e.field());
        }
        ObjectNode body = json.createObjectNode();
        body.set("error", error);
        e.headers().forEach(ctx::header);
        byte[] bytes = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ctx.status(e.status()).contentType("application/json").result(bytes);
        return bytes;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
