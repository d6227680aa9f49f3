package com.aybiza.jobs.calls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The ids of the rows the calls write path stores, derived from what the rows are about rather than drawn at random,
 * so that writing the same event twice (a replay, a retry) finds the row it wrote before. Other jobs that refer to a
 * call or a tool execution derive the id the same way, here.
 */
public final class CallIds {

    /** One digest per thread: looking SHA-256 up for every figure cost more than hashing it. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private CallIds() {
    }

    /** {@code call_analytics.calls.id} of a call; also the id of its {@code call_analytics} row (one per call). */
    public static UUID callId(UUID tenantId, String callSid) {
        return UUID.nameUUIDFromBytes((tenantId + "|" + callSid).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code agent_intelligence.tool_executions.id} of an execution. Scoped by tenant, so that an execution id another
     * tenant's producer happens to reuse can never reach this tenant's row.
     */
    public static UUID toolExecutionId(UUID tenantId, UUID executionId) {
        return UUID.nameUUIDFromBytes((tenantId + "|" + executionId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code call_analytics.detailed_metrics.id} of one figure of a call: a positive 63-bit number (the column is a
     * BIGSERIAL) from the SHA-256 of tenant, call, metric and turn ({@code -1} for a figure of the whole call). Rows
     * are unique by (id, "timestamp", tenant_id), so two figures would have to share a tenant and a timestamp as well
     * as 63 hash bits to collide.
     */
    public static long metricId(UUID tenantId, String callSid, String metricName, int turnIndex) {
        byte[] hash = SHA_256.get().digest((tenantId + "|" + callSid + "|" + metricName + "|" + turnIndex)
                .getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(hash).getLong() & Long.MAX_VALUE;
    }
}
