package com.aybiza.jobs.billing;

import com.aybiza.jobs.billing.AdjustmentSettlement.Adjustment;
import com.aybiza.jobs.billing.AdjustmentSettlement.Amount;
import com.aybiza.jobs.billing.AdjustmentSettlement.Difference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Settles targets: reads a target RECORD and its CORRECTIONs and VOIDs from billing.usage_idempotency, and writes a
 * usage row for each adjustment that has none yet, holding the difference {@link AdjustmentSettlement} computes, and
 * records that difference beside the adjustment. Adjustments whose target has not arrived keep waiting.
 */
final class AdjustmentStore {

    /** The targets' own amounts, from their usage rows (found by usage_metering's key). */
    private static final String READ_TARGETS = "SELECT i.tenant_id, i.event_id, u.quantity, u.total_cost "
            + "FROM billing.usage_idempotency i JOIN unnest(?::uuid[], ?::uuid[]) t(tenant_id, target) "
            + "ON i.tenant_id = t.tenant_id AND i.event_id = t.target JOIN billing.usage_metering u "
            + "ON u.id = i.event_id AND u.\"timestamp\" = i.event_time AND u.tenant_id = i.tenant_id "
            + "WHERE i.target_event_id IS NULL";
    /** Every adjustment of the targets, applied or waiting. */
    private static final String READ_ADJUSTMENTS = "SELECT i.tenant_id, i.event_id, i.target_event_id, i.event_time, "
            + "i.adjustment::text, i.applied_quantity, i.applied_cost FROM billing.usage_idempotency i "
            + "JOIN unnest(?::uuid[], ?::uuid[]) t(tenant_id, target) ON i.tenant_id = t.tenant_id "
            + "AND i.target_event_id = t.target";
    private static final String INSERT_ROW = "INSERT INTO billing.usage_metering (id, \"timestamp\", organization_id, "
            + "tenant_id, resource_type, resource_subtype, quantity, unit, unit_price, total_cost, metadata, "
            + "billing_period) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING";
    private static final String MARK_APPLIED = "UPDATE billing.usage_idempotency SET applied_quantity = ?, "
            + "applied_cost = ? WHERE tenant_id = ? AND event_id = ?";

    private record Target(UUID tenant, UUID eventId, Amount amount) {
    }

    private record Stored(UUID tenant, UUID eventId, UUID target, Instant eventTime, ObjectNode adjustment,
                          Amount applied) {
        boolean isVoid() {
            return adjustment.get("kind").asText().equals("VOID");
        }

        Amount reported() {
            return new Amount(new BigDecimal(adjustment.get("quantity").asText()),
                    new BigDecimal(adjustment.get("total_cost").asText()));
        }
    }

    void settle(Connection c, List<UUID[]> targets, UsageRowText text) throws SQLException {
        UUID[] tenants = new UUID[targets.size()];
        UUID[] ids = new UUID[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            tenants[i] = targets.get(i)[0];
            ids[i] = targets.get(i)[1];
        }
        Array tenantArray = c.createArrayOf("uuid", tenants);
        Array idArray = c.createArrayOf("uuid", ids);
        Map<String, Target> found = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement(READ_TARGETS)) {
            st.setArray(1, tenantArray);
            st.setArray(2, idArray);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Target t = new Target(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            new Amount(rs.getBigDecimal(3), rs.getBigDecimal(4)));
                    found.put(t.tenant() + "/" + t.eventId(), t);
                }
            }
        }
        Map<String, List<Stored>> groups = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement(READ_ADJUSTMENTS)) {
            st.setArray(1, tenantArray);
            st.setArray(2, idArray);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    BigDecimal appliedQuantity = rs.getBigDecimal(6);
                    Stored s = new Stored(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class), rs.getTimestamp(4).toInstant(), text.parse(rs.getString(5)),
                            appliedQuantity == null ? null : new Amount(appliedQuantity, rs.getBigDecimal(7)));
                    groups.computeIfAbsent(s.tenant() + "/" + s.target(), k -> new ArrayList<>()).add(s);
                }
            }
        }
        List<Stored> toWrite = new ArrayList<>();
        List<Amount> deltas = new ArrayList<>();
        for (Map.Entry<String, List<Stored>> group : groups.entrySet()) {
            Target target = found.get(group.getKey());
            if (target == null) {
                continue; // its adjustments wait for it
            }
            Map<UUID, Stored> byId = new HashMap<>();
            List<Adjustment> adjustments = new ArrayList<>();
            for (Stored s : group.getValue()) {
                byId.put(s.eventId(), s);
                adjustments.add(new Adjustment(s.eventId(), s.isVoid(), s.eventTime(), s.reported(), s.applied()));
            }
            for (Difference d : AdjustmentSettlement.settle(target.amount(), adjustments)) {
                toWrite.add(byId.get(d.eventId()));
                deltas.add(d.delta());
            }
        }
        if (!toWrite.isEmpty()) {
            write(c, toWrite, deltas, text);
        }
    }

    private static void write(Connection c, List<Stored> adjustments, List<Amount> deltas, UsageRowText text)
            throws SQLException {
        List<ObjectNode> rows = new ArrayList<>();
        Set<UUID> organizations = new HashSet<>();
        LocalDate earliest = null;
        for (Stored s : adjustments) {
            ObjectNode row = s.adjustment();
            rows.add(row);
            organizations.add(UUID.fromString(row.get("organization_id").asText()));
            LocalDate period = LocalDate.parse(row.get("billing_period").asText());
            earliest = earliest == null || period.isBefore(earliest) ? period : earliest;
        }
        InvoicedPeriods invoiced = InvoicedPeriods.load(c, organizations, earliest);
        try (PreparedStatement insert = c.prepareStatement(INSERT_ROW);
             PreparedStatement mark = c.prepareStatement(MARK_APPLIED)) {
            for (int i = 0; i < adjustments.size(); i++) {
                Stored s = adjustments.get(i);
                ObjectNode row = rows.get(i);
                Amount delta = deltas.get(i);
                UUID organization = UUID.fromString(row.get("organization_id").asText());
                LocalDate period = invoiced.openPeriod(organization, LocalDate.parse(row.get("billing_period").asText()));
                insert.setObject(1, s.eventId());
                insert.setObject(2, s.eventTime().atOffset(ZoneOffset.UTC));
                insert.setObject(3, organization);
                insert.setObject(4, s.tenant());
                insert.setString(5, row.get("resource_type").asText());
                insert.setString(6, textOrNull(row.get("resource_subtype")));
                insert.setBigDecimal(7, delta.quantity());
                insert.setString(8, row.get("unit").asText());
                insert.setBigDecimal(9, new BigDecimal(row.get("unit_price").asText()));
                insert.setBigDecimal(10, delta.cost());
                insert.setString(11, text.adjustmentMetadata(row, period));
                insert.setObject(12, period);
                insert.addBatch();
                mark.setBigDecimal(1, delta.quantity());
                mark.setBigDecimal(2, delta.cost());
                mark.setObject(3, s.tenant());
                mark.setObject(4, s.eventId());
                mark.addBatch();
            }
            insert.executeBatch();
            mark.executeBatch();
        }
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
