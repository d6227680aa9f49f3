package com.aybiza.jobs.billing;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import com.aybiza.jobs.ingest.ConflictingEventIdException;
import com.aybiza.jobs.ingest.SourcedEvent;
import com.aybiza.sinks.postgres.CopyBinary;
import com.aybiza.sinks.postgres.CopyText;
import com.aybiza.sinks.postgres.RowRefusal;
import com.aybiza.sinks.postgres.TableWriter;
import com.aybiza.sinks.postgres.UnlessStored;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes usage events into {@code billing.usage_metering}, exactly once whatever is replayed, and records each in
 * {@code billing.usage_idempotency} in the same transaction (see V31 for why the usage table cannot be its own key).
 *
 * <p>Per batch, exact repeats inside the batch are dropped and conflicting ones refused first. Then:
 * <ul>
 *   <li>The fast path, for the batch's RECORDs: their idempotency keys go in with one binary COPY, under a savepoint,
 *   and if none of them was stored before (the normal case: nothing is being replayed), their usage rows with a
 *   second binary COPY. A key stored before makes the first COPY fail on the table's primary key; the savepoint is
 *   rolled back and the whole batch takes the careful path instead. Two COPYs are about what one text COPY of the
 *   usage rows costs the server, which is what makes exactly-once billing nearly free.</li>
 *   <li>The careful path, for CORRECTIONs and VOIDs and for any batch with a key seen before: the rows are COPYed into
 *   a temporary stage; one statement records every new event id and inserts the usage rows of the new RECORDs; ids
 *   seen before with other content are refused.</li>
 * </ul>
 * Last, the CORRECTIONs and VOIDs of the batch, and the ones that were waiting for a RECORD of the batch, are settled
 * ({@link AdjustmentSettlement}) into rows of their own. Usage of a period whose invoice was issued goes into the next
 * open period, marked in its metadata.
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

    private static final String COPY_KEYS = "COPY billing.usage_idempotency (tenant_id, event_id, fingerprint, "
            + "event_time) FROM STDIN (FORMAT binary)";
    private static final String COPY_USAGE = "COPY billing.usage_metering (id, \"timestamp\", organization_id, "
            + "tenant_id, resource_type, resource_subtype, quantity, unit, unit_price, total_cost, metadata, "
            + "billing_period) FROM STDIN (FORMAT binary)";

    /** Whether any adjustment waits for its target: nearly never, and then a batch of RECORDs need not look. */
    private static final String ANY_WAITING = "SELECT EXISTS (SELECT 1 FROM billing.usage_idempotency "
            + "WHERE target_event_id IS NOT NULL AND applied_quantity IS NULL)";
    /** The RECORDs of a batch that adjustments were waiting for. */
    private static final String WAITING_FOR = "SELECT DISTINCT i.tenant_id, i.target_event_id "
            + "FROM billing.usage_idempotency i JOIN unnest(?::uuid[], ?::uuid[]) r(tenant_id, event_id) "
            + "ON i.tenant_id = r.tenant_id AND i.target_event_id = r.event_id "
            + "WHERE i.target_event_id IS NOT NULL AND i.applied_quantity IS NULL";

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
        // Fingerprints are made when needed: for a repeat inside the batch here, for the rest while their COPY streams.
        Batch<E> all = new Batch<>(rows.size(), fingerprint);
        Map<EventKey, Integer> firstOfKey = new HashMap<>();
        for (E row : rows) {
            Integer first = firstOfKey.putIfAbsent(new EventKey(row.event.getTenantId(), row.event.getEventId()),
                    all.rows.size());
            if (first == null) {
                all.add(row);
            } else if (all.fingerprint(first) != fingerprint.of(row.event)) {
                refusals.refuse(row, conflict(row.event));
            }
            // else: the same event twice in one batch (a producer's retry); stored once.
        }
        InvoicedPeriods invoiced = invoicedPeriods(connection, all.rows);
        Batch<E> records = new Batch<>(all.rows.size(), fingerprint);
        Batch<E> others = new Batch<>(0, fingerprint);
        for (E row : all.rows) {
            (row.event.getKind() == UsageEventKind.RECORD ? records : others).add(row);
        }
        Set<EventKey> targets = new LinkedHashSet<>();
        if (!records.rows.isEmpty() && copyNewRecords(connection, records, invoiced)) {
            targets.addAll(waitingFor(connection, records.rows));
            if (!others.rows.isEmpty()) {
                targets.addAll(writeStaged(connection, others, invoiced, refusals));
            }
        } else {
            targets.addAll(writeStaged(connection, all, invoiced, refusals));
        }
        if (!targets.isEmpty()) {
            List<UUID[]> list = new ArrayList<>(targets.size());
            for (EventKey t : targets) {
                list.add(new UUID[] {t.tenant(), t.eventId()});
            }
            adjustments.settle(connection, list, text);
        }
    }

    /** An idempotency key: a tenant's event id. */
    private record EventKey(UUID tenant, UUID eventId) {
    }

    /** Rows of a batch, with their fingerprints made on first use. */
    private static final class Batch<E extends SourcedEvent<UsageEvent>> {
        final List<E> rows;
        private final UsageFingerprint fingerprint;
        private long[] fingerprints;
        private boolean[] made;

        Batch(int capacity, UsageFingerprint fingerprint) {
            this.rows = new ArrayList<>(capacity);
            this.fingerprint = fingerprint;
            this.fingerprints = new long[Math.max(capacity, 8)];
            this.made = new boolean[fingerprints.length];
        }

        void add(E row) {
            if (rows.size() == fingerprints.length) {
                fingerprints = Arrays.copyOf(fingerprints, fingerprints.length * 2);
                made = Arrays.copyOf(made, fingerprints.length);
            }
            rows.add(row);
        }

        long fingerprint(int i) {
            if (!made[i]) {
                fingerprints[i] = fingerprint.of(rows.get(i).event);
                made[i] = true;
            }
            return fingerprints[i];
        }
    }

    /**
     * The fast path: COPYs the RECORDs' usage rows, then their idempotency keys, under one savepoint. A key stored
     * before (or, for an exact replay, a usage row stored before) fails a COPY on a primary key: the savepoint is
     * rolled back and false returned, nothing written. The usage rows go first because the server is the slower side
     * of their COPY: the fingerprints the keys need are made while it works, and the keys' COPY then only waits for
     * the server too. A replay fails at its first stored row, so it costs little.
     */
    private boolean copyNewRecords(Connection c, Batch<E> records, InvoicedPeriods invoiced) throws SQLException {
        return UnlessStored.write(c, () -> {
            try (CopyBinary usage = CopyBinary.start(c, COPY_USAGE, 12)) {
                for (int i = 0; i < records.rows.size(); i++) {
                    UsageEvent e = records.rows.get(i).event;
                    LocalDate period = invoiced.openPeriod(e.getOrganizationId(), e.getBillingPeriod());
                    usage.startRow().uuid(e.getEventId()).timestamp(e.getEventTime())
                            .uuid(e.getOrganizationId()).uuid(e.getTenantId()).text(e.getResourceType())
                            .text(e.getResourceSubtype()).decimal(e.getQuantity()).text(e.getUnit())
                            .decimal(e.getUnitPrice()).decimal(e.getTotalCost()).jsonb(text.metadata(e, period))
                            .date(period);
                    records.fingerprint(i);
                }
                usage.finish();
            }
            try (CopyBinary keys = CopyBinary.start(c, COPY_KEYS, 4)) {
                for (int i = 0; i < records.rows.size(); i++) {
                    UsageEvent e = records.rows.get(i).event;
                    keys.startRow().uuid(e.getTenantId()).uuid(e.getEventId()).int8(records.fingerprint(i))
                            .timestamp(e.getEventTime());
                }
                keys.finish();
            }
        });
    }

    /** The RECORDs among {@code records} that adjustments were waiting for, as (tenant, event id) targets. */
    private List<EventKey> waitingFor(Connection c, List<E> records) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(ANY_WAITING)) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return List.of();
            }
        }
        UUID[] tenants = new UUID[records.size()];
        UUID[] ids = new UUID[records.size()];
        for (int i = 0; i < records.size(); i++) {
            tenants[i] = records.get(i).event.getTenantId();
            ids[i] = records.get(i).event.getEventId();
        }
        List<EventKey> found = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(WAITING_FOR)) {
            st.setArray(1, c.createArrayOf("uuid", tenants));
            st.setArray(2, c.createArrayOf("uuid", ids));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    found.add(new EventKey(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)));
                }
            }
        }
        return found;
    }

    /** The careful path: stage, record the new ids, refuse conflicts; returns the targets to settle. */
    private List<EventKey> writeStaged(Connection c, Batch<E> batch, InvoicedPeriods invoiced, Refusals<E> refusals)
            throws SQLException {
        stage(c, batch, invoiced);
        int fresh;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(RECORD_NEW_EVENTS)) {
            rs.next();
            fresh = rs.getInt(1);
        }
        if (fresh < batch.rows.size()) {
            refuseConflicts(c, batch.rows, refusals);
        }
        List<EventKey> targets = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(TARGETS_TO_SETTLE)) {
            while (rs.next()) {
                targets.add(new EventKey(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)));
            }
        }
        return targets;
    }

    @Override
    public long eventTimeMillis(E row) {
        return row.event.getEventTime().toEpochMilli();
    }

    private void stage(Connection c, Batch<E> batch, InvoicedPeriods invoiced) throws SQLException {
        List<E> staged = batch.rows;
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
                    .text(period.toString()).text(record ? text.metadata(e, period) : null).number(batch.fingerprint(i))
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

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
