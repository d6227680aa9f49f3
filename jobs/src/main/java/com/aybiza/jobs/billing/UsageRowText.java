package com.aybiza.jobs.billing;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Map;

/**
 * The JSON a usage row carries: its metadata, which keeps what usage_metering has no column for (agent, call,
 * tool execution, and for a CORRECTION or VOID its target, reason and reported amounts), and an adjustment's event as
 * the idempotency table keeps it until its target arrives. Row metadata is written by hand (one per billed event,
 * flat string values); the rare adjustment with Jackson.
 */
final class UsageRowText {

    /** Metadata keys the pipeline sets; documented in the README's billing section. */
    static final String ADJUSTMENT = "adjustment";
    static final String CORRECTS_EVENT_ID = "corrects_event_id";
    static final String BILLING_ADJUSTMENT = "billing_adjustment";
    static final String ORIGINAL_BILLING_PERIOD = "original_billing_period";

    private final ObjectMapper json = new ObjectMapper();
    private final StringBuilder text = new StringBuilder(256);

    /** The metadata of {@code e}'s row when it is recorded in {@code period}. */
    String metadata(UsageEvent e, LocalDate period) {
        text.setLength(0);
        text.append('{');
        for (Map.Entry<String, String> m : e.getMetadata().entrySet()) {
            entry(m.getKey(), m.getValue());
        }
        entry("agent_id", e.getAgentId());
        entry("call_sid", e.getCallSid());
        entry("execution_id", e.getExecutionId());
        if (e.getKind() != UsageEventKind.RECORD) {
            entry(ADJUSTMENT, e.getKind().name());
            entry(CORRECTS_EVENT_ID, e.getCorrectsEventId());
            entry("reason", e.getReason());
            entry("reported_quantity", e.getQuantity().toPlainString());
            entry("reported_total_cost", e.getTotalCost().toPlainString());
        }
        if (!period.equals(e.getBillingPeriod())) {
            entry(BILLING_ADJUSTMENT, "true");
            entry(ORIGINAL_BILLING_PERIOD, e.getBillingPeriod());
        }
        return text.append('}').toString();
    }

    /** Everything needed to settle an adjustment and write its row later, when its target has arrived. */
    String adjustment(UsageEvent e) {
        ObjectNode row = json.createObjectNode();
        row.put("kind", e.getKind().name());
        row.put("quantity", e.getQuantity().toPlainString());
        row.put("total_cost", e.getTotalCost().toPlainString());
        row.put("organization_id", e.getOrganizationId().toString());
        row.put("resource_type", e.getResourceType());
        row.put("resource_subtype", e.getResourceSubtype());
        row.put("unit", e.getUnit());
        row.put("unit_price", e.getUnitPrice().toPlainString());
        row.put("billing_period", e.getBillingPeriod().toString());
        try {
            row.set("metadata", json.readTree(metadata(e, e.getBillingPeriod())));
            return json.writeValueAsString(row);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
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
        String original = adjustment.get("billing_period").asText();
        if (!period.toString().equals(original)) {
            metadata.put(BILLING_ADJUSTMENT, "true");
            metadata.put(ORIGINAL_BILLING_PERIOD, original);
        }
        try {
            return json.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void entry(String key, Object value) {
        if (value == null) {
            return;
        }
        if (text.length() > 1) {
            text.append(',');
        }
        string(key);
        text.append(':');
        string(value.toString());
    }

    /** A JSON string: quotes, backslashes and control characters escaped (validation has refused NUL already). */
    private void string(String s) {
        text.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                text.append('\\').append(c);
            } else if (c < 0x20) {
                text.append(String.format("\\u%04x", (int) c));
            } else {
                text.append(c);
            }
        }
        text.append('"');
    }
}
