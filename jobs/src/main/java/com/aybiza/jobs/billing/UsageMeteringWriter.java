package com.aybiza.jobs.billing;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import com.aybiza.jobs.ingest.ConflictingEventIdException;
import com.aybiza.jobs.ingest.SourcedEvent;
import com.aybiza.sinks.postgres.CopyText;
import com.aybiza.sinks.postgres.RowRefusal;
import com.aybiza.sinks.postgres.TableWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * Writes usage events into {@code billing.usage_metering}, exactly once whatever is replayed, and records each in
 * {@code billing.usage_idempotency} in the same transaction (see V31 for why the usage table cannot be its own key).
 *
 * <p>Per batch: exact repeats inside the batch are dropped and conflicting ones refused; the batch is COPYed into a
 * temporary stage; one statement records every new event id and inserts the usage rows of the new RECORDs; ids seen
 * before with other content are refused; then the CORRECTIONs and VOIDs of the batch, and the ones that were waiting
 * for a RECORD of the batch, are settled ({@link AdjustmentSettlement}) into rows of their own. Usage of a period whose
 * invoice was issued goes into the next open period, marked in its metadata.
 *
 * <p>Settling reads what earlier transactions stored about a target, so a target and its adjustments must be written
 * by one writer at a time: the job keys the stream by tenant before this sink.
 */
public final class UsageMeteringWriter<E extends SourcedEvent<UsageEvent>> implements TableWriter<E> {

    private static final String STAGE = "usage_metering_stage";
    private static final String TS = "(timestamptz 'epoch' + %s * interval '1 microsecond')";

    /**
     * Records every new event id, and inserts the usage rows of the new RECORDs; returns how many ids were new.
     * usage_metering needs no ON CONFLICT: the idempotency key has let only new events through.
     */
    private static final String RECORD_NEW_EVENTS = """
            WITH fresh AS (
                INSERT INTO billing.usage_idempotency (tenant_id, event_id, fingerprint, event_time, target_event_id,
                                                       adjustment)
                SELECT tenant_id, event_id, fingerprint, %1$s, target_event_id, adjustment FROM %2$s
                ON CONFLICT DO NOTHING
                RETURNING tenant_id, event_id, target_event_id),
            usage AS (
                INSERT INTO billing.usage_metering (id, "timestamp", organization_id, tenant_id, resource_type,
                        resource_subtype, quantity, unit, unit_price, total_cost, metadata, billing_period)
                SELECT s.event_id, %1$s, s.organization_id, s.tenant_id, s.resource_type, s.resource_subtype,
                       s.quantity, s.unit, s.unit_price, s.total_cost, s.metadata, s.billing_period
                FROM %2$s s JOIN fresh f ON f.tenant_id = s.tenant_id AND f.event_id = s.event_id
                WHERE f.target_event_id IS NULL)
            SELECT count(*) FROM fresh
            """.formatted(TS.formatted("event_micros"), STAGE);

    private static final String CONFLICTS = "SELECT s.ord FROM " + STAGE + " s JOIN billing.usage_idempotency i "
            + "ON i.tenant_id = s.tenant_id AND i.event_id = s.event_id WHERE i.fingerprint <> s.fingerprint";

    /** Targets to settle: those the batch adjusts, and the batch's RECORDs that adjustments were waiting for. */
    private static final String TARGETS_TO_SETTLE = "SELECT tenant_id, target_event_id FROM " + STAGE
            + " WHERE target_event_id IS NOT NULL UNION SELECT i.tenant_id, i.target_event_id FROM " + STAGE
            + " s JOIN billing.usage_idempotency i ON i.tenant_id = s.tenant_id AND i.target_event_id = s.event_id"
            + " AND i.target_event_id IS NOT NULL AND i.applied_quantity IS NULL WHERE s.target_event_id IS NULL";

    private transient UsageFingerprint fingerprint;
    private transient UsageRowText text;
    private transient AdjustmentStore adjustments;

    @Override
    public void prepare(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (ord int, event_id uuid, tenant_id uuid, "
                    + "organization_id uuid, target_event_id uuid, event_micros bigint, resource_type text, "
                    + "resource_subtype text, quantity numeric, unit text, unit_price numeric, total_cost numeric, "
                    + "billing_period date, metadata jsonb, fingerprint bigint, adjustment jsonb)");
        }
    }

    @Override
    public void write(Connection connection, List<E> rows, Refusals<E> refusals) throws SQLException {
        if (fingerprint == null) {
            fingerprint = new UsageFingerprint();
            text = new UsageRowText();
            adjustments = new AdjustmentStore();
        }
        List<E> staged = new ArrayList<>(rows.size());
        long[] fingerprints = new long[rows.size()];
        Map<String, Integer> firstOfKey = new HashMap<>();
        for (E row : rows) {
            long fp = fingerprint.of(row.event);
            Integer first = firstOfKey.putIfAbsent(key(row.event), staged.size());
            if (first == null) {
                fingerprints[staged.size()] = fp;
                staged.add(row);
            } else if (fingerprints[first] != fp) {
                refusals.refuse(row, conflict(row.event));
            }
            // else: the same event twice in one batch (a producer's retry); stored once.
        }
        InvoicedPeriods invoiced = invoicedPeriods(connection, staged);
        stage(connection, staged, fingerprints, invoiced);
        int fresh;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(RECORD_NEW_EVENTS)) {
            rs.next();
            fresh = rs.getInt(1);
        }
        if (fresh < staged.size()) {
            refuseConflicts(connection, staged, refusals);
        }
        settle(connection, invoiced);

    }

    @Override
    public long eventTimeMillis(E row) {
        return row.event.getEventTime().toEpochMilli();
    }

    private void stage(Connection c, List<E> staged, long[] fingerprints, InvoicedPeriods invoiced)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("TRUNCATE " + STAGE);
        }
        CopyText copy = new CopyText(staged.size());
        for (int i = 0; i < staged.size(); i++) {
            UsageEvent e = staged.get(i).event;
            boolean record = e.getKind() == UsageEventKind.RECORD;
            LocalDate period = record ? invoiced.openPeriod(e.getOrganizationId(), e.getBillingPeriod())
                    : e.getBillingPeriod();
            copy.number(i).uuid(e.getEventId()).uuid(e.getTenantId()).uuid(e.getOrganizationId())
                    .uuid(record ? null : e.getCorrectsEventId())
                    .number(micros(e.getEventTime())).text(e.getResourceType()).text(e.getResourceSubtype())
                    .decimal(e.getQuantity()).text(e.getUnit()).decimal(e.getUnitPrice()).decimal(e.getTotalCost())
                    .text(period.toString()).text(record ? text.metadata(e, period) : null).number(fingerprints[i])
                    .text(record ? null : text.adjustment(e))
                    .endRow();
        }
        copy.copyInto(c, "COPY " + STAGE + " FROM STDIN");
    }

    private void refuseConflicts(Connection c, List<E> staged, Refusals<E> refusals) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(CONFLICTS)) {
            while (rs.next()) {
                E row = staged.get(rs.getInt(1));
                refusals.refuse(row, conflict(row.event));
            }
        }
    }

    private void settle(Connection c, InvoicedPeriods invoicedAtStaging) throws SQLException {
        List<UUID[]> targets = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(TARGETS_TO_SETTLE)) {
            while (rs.next()) {
                targets.add(new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)});
            }
        }
        if (!targets.isEmpty()) {
            adjustments.settle(c, targets, text);
        }
    }

    private InvoicedPeriods invoicedPeriods(Connection c, List<E> staged) throws SQLException {
        Set<UUID> organizations = new HashSet<>();
        LocalDate earliest = null;
        for (E row : staged) {
            organizations.add(row.event.getOrganizationId());
            LocalDate period = row.event.getBillingPeriod();
            earliest = earliest == null || period.isBefore(earliest) ? period : earliest;
        }
        return earliest == null ? InvoicedPeriods.none() : InvoicedPeriods.load(c, organizations, earliest);
    }

    private static RowRefusal conflict(UsageEvent e) {
        return RowRefusal.byWriter(ConflictingEventIdException.class.getName(), "usage event " + e.getEventId()
                + " of tenant " + e.getTenantId() + " was billed before with other content; the first stands");
    }

    private static String key(UsageEvent e) {
        return e.getTenantId() + "/" + e.getEventId();
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
