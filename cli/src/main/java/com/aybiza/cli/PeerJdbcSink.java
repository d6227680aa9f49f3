package com.aybiza.cli;

import com.aybiza.events.UsageEvent;
import com.aybiza.sql.DatabaseSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The peer's sink of usage rows: flink-connector-jdbc's JdbcSink as its documentation shows it, a batched prepared
 * INSERT ... ON CONFLICT DO NOTHING of the generated class's fields, batch 5000, reWriteBatchedInserts=true, at least
 * once. Stage 2 (peer sink) and stage 4 (peer pipeline) write through the same one.
 */
final class PeerJdbcSink {

    private static final String INSERT = "INSERT INTO billing.usage_metering (id, \"timestamp\", organization_id, "
            + "tenant_id, resource_type, resource_subtype, quantity, unit, unit_price, total_cost, metadata, "
            + "billing_period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PeerJdbcSink() {
    }

    static JdbcSink<UsageEvent> usageMetering(DatabaseSettings database) {
        String url = database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder connection = new JdbcConnectionOptions
                .JdbcConnectionOptionsBuilder().withUrl(url).withDriverName("org.postgresql.Driver");
        if (database.user() != null) {
            connection.withUsername(database.user());
        }
        if (database.password() != null) {
            connection.withPassword(database.password());
        }
        return JdbcSink.<UsageEvent>builder()
                .withQueryStatement(INSERT, (st, e) -> {
                    st.setObject(1, e.getEventId());
                    st.setTimestamp(2, Timestamp.from(e.getEventTime()));
                    st.setObject(3, e.getOrganizationId());
                    st.setObject(4, e.getTenantId());
                    st.setString(5, e.getResourceType());
                    st.setString(6, e.getResourceSubtype());
                    st.setBigDecimal(7, e.getQuantity());
                    st.setString(8, e.getUnit());
                    st.setBigDecimal(9, e.getUnitPrice());
                    st.setBigDecimal(10, e.getTotalCost());
                    st.setString(11, metadata(e));
                    st.setObject(12, e.getBillingPeriod());
                })
                .withExecutionOptions(JdbcExecutionOptions.builder().withBatchSize(5000).withBatchIntervalMs(200)
                        .withMaxRetries(3).build())
                .buildAtLeastOnce(connection.build());
    }

    /**
     * The row's metadata: the event's own, and the facts usage_metering has no column for (agent, call, tool
     * execution), as the project's writer keeps them, so that the peer stores the same rows as ours.
     */
    static String metadata(UsageEvent e) {
        Map<String, String> metadata = new LinkedHashMap<>(e.getMetadata());
        putIfPresent(metadata, "agent_id", e.getAgentId());
        putIfPresent(metadata, "call_sid", e.getCallSid());
        putIfPresent(metadata, "execution_id", e.getExecutionId());
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("metadata is not JSON-able: " + ex.getMessage(), ex);
        }
    }

    private static void putIfPresent(Map<String, String> metadata, String key, Object value) {
        if (value != null) {
            metadata.put(key, value.toString());
        }
    }
}
