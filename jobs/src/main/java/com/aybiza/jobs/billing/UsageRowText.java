package com.aybiza.jobs.billing;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON a usage row carries: its metadata, which keeps what usage_metering has no column for (agent, call,
 * tool execution, and for a CORRECTION or VOID its target, reason and reported amounts), and a pending adjustment's
 * row as the idempotency table keeps it until its target arrives.
 */
final class UsageRowText {

    /** Metadata keys the pipeline sets; documented in the README's billing section. */
    static final String ADJUSTMENT = "adjustment";
    static final String CORRECTS_EVENT_ID = "corrects_event_id";
    static final String BILLING_ADJUSTMENT = "billing_adjustment";
    static final String ORIGINAL_BILLING_PERIOD = "original_billing_period";

    private final ObjectMapper json = new ObjectMapper();

    /** The metadata of {@code e}'s row when it is recorded in {@code period}. */
    String metadata(UsageEvent e, LocalDate period) {
        return write(metadataNode(e, period));
    }

    /** Everything needed to write an adjustment's row later, when its target has arrived. */
    String adjustment(UsageEvent e) {
        ObjectNode row = json.createObjectNode();
        row.put("organization_id", e.getOrganizationId().toString());
        row.put("resource_type", e.getResourceType());
        row.put("resource_subtype", e.getResourceSubtype());
        row.put("unit", e.getUnit());
        row.put("unit_price", e.getUnitPrice().toPlainString());
        row.put("billing_period", e.getBillingPeriod().toString());
        row.set("metadata", metadataNode(e, e.getBillingPeriod()));
        return write(row);
    }

    ObjectNode parse(String adjustment) {
        try {
            return (ObjectNode) json.readTree(adjustment);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an adjustment stored by this writer is not JSON: " + adjustment, e);
        }
    }

    /** The metadata of an adjustment's row, moved to {@code period} if its own was invoiced meanwhile. */
    String adjustmentMetadata(ObjectNode adjustment, LocalDate period) {
        ObjectNode metadata = ((ObjectNode) adjustment.get("metadata")).deepCopy();
        markMoved(metadata, LocalDate.parse(adjustment.get("billing_period").asText()), period);
        return write(metadata);
    }

    private ObjectNode metadataNode(UsageEvent e, LocalDate period) {
        ObjectNode node = json.createObjectNode();
        for (Map.Entry<String, String> m : new TreeMap<>(e.getMetadata()).entrySet()) {
            node.put(m.getKey(), m.getValue());
        }
        putIfPresent(node, "agent_id", e.getAgentId());
        putIfPresent(node, "call_sid", e.getCallSid());
        putIfPresent(node, "execution_id", e.getExecutionId());
        if (e.getKind() != UsageEventKind.RECORD) {
            node.put(ADJUSTMENT, e.getKind().name());
            node.put(CORRECTS_EVENT_ID, e.getCorrectsEventId().toString());
            putIfPresent(node, "reason", e.getReason());
            node.put("reported_quantity", e.getQuantity().toPlainString());
            node.put("reported_total_cost", e.getTotalCost().toPlainString());
        }
        markMoved(node, e.getBillingPeriod(), period);
        return node;
    }

    private static void markMoved(ObjectNode metadata, LocalDate original, LocalDate period) {
        if (!period.equals(original)) {
            metadata.put(BILLING_ADJUSTMENT, "true");
            metadata.put(ORIGINAL_BILLING_PERIOD, original.toString());
        }
    }

    private static void putIfPresent(ObjectNode node, String key, Object value) {
        if (value != null) {
            node.put(key, value.toString());
        }
    }

    private String write(ObjectNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
