package com.aybiza.service.audit;

import com.aybiza.service.auth.ApiKey;
import com.aybiza.service.catalog.Table;
import com.aybiza.service.crud.Change;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Writes security.audit_logs (who, what, which resource, from where) for every create, update and delete, and
 * security.api_access_logs for those requests, on the request's connection: they commit or roll back with the
 * change itself. Field names are logged, never their values.
 */
public final class AuditTrail {

    private static final String AUDIT = """
            INSERT INTO security.audit_logs (organization_id, tenant_id, user_id, api_key_id, action, resource_type,
                resource_id, resource_name, ip_address, user_agent, request_id, details, status, duration_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS inet), ?, ?, CAST(? AS jsonb), 'success', ?)""";
    private static final String ACCESS = """
            INSERT INTO security.api_access_logs (organization_id, tenant_id, user_id, api_key_id, endpoint, method,
                status_code, response_time_ms, request_size_bytes, response_size_bytes, ip_address, user_agent,
                request_id, request_body_hash, rate_limited, error_details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS inet), ?, ?, ?, ?, CAST(? AS jsonb))""";

    private final ObjectMapper json;

    public AuditTrail(ObjectMapper json) {
        this.json = json;
    }

    public void recordChange(Connection c, ApiKey key, Table table, Change change, RequestInfo request)
            throws SQLException {
        ObjectNode details = json.createObjectNode();
        details.putPOJO("fields", change.fields());
        details.put("api_key_name", key.name());
        try (PreparedStatement st = c.prepareStatement(AUDIT)) {
            st.setObject(1, key.organizationId());
            st.setObject(2, key.tenantId(), Types.OTHER);
            st.setObject(3, key.userId(), Types.OTHER);
            st.setObject(4, key.id());
            st.setString(5, change.action());
            st.setString(6, table.qualifiedName());
            st.setObject(7, change.resourceId());
            st.setString(8, change.resourceName());
            st.setString(9, request.clientAddress());
            st.setString(10, request.userAgent());
            st.setObject(11, request.requestId());
            st.setString(12, details.toString());
            st.setInt(13, elapsedMillis(request));
            st.executeUpdate();
        }
    }

    /** One api_access_logs row; {@code key} may be null when no key was recognised. */
    public void recordAccess(Connection c, ApiKey key, RequestInfo request, int status, int responseBytes,
                             String errorCode) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(ACCESS)) {
            st.setObject(1, key == null ? null : key.organizationId(), Types.OTHER);
            st.setObject(2, key == null ? null : key.tenantId(), Types.OTHER);
            st.setObject(3, key == null ? null : key.userId(), Types.OTHER);
            st.setObject(4, key == null ? null : key.id(), Types.OTHER);
            st.setString(5, truncate(request.endpoint(), 255));
            st.setString(6, request.method());
            st.setInt(7, status);
            st.setInt(8, elapsedMillis(request));
            st.setInt(9, request.requestBytes());
            st.setInt(10, responseBytes);
            st.setString(11, request.clientAddress());
            st.setString(12, request.userAgent());
            st.setObject(13, request.requestId());
            st.setString(14, request.bodySha256());
            st.setBoolean(15, status == 429);
            st.setString(16, errorCode == null ? "{}" : json.createObjectNode().put("code", errorCode).toString());
            st.executeUpdate();
        }
    }

    private static int elapsedMillis(RequestInfo request) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - request.startNanos()) / 1_000_000);
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

}
