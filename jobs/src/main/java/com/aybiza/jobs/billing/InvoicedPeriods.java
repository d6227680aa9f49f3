package com.aybiza.jobs.billing;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The billing periods an organization can no longer be billed in: those covered by an invoice that is no longer a
 * draft. Usage for such a period goes into the next period that is still open, so nothing is ever added to an
 * invoice that was issued. Read in the transaction that writes the usage.
 */
final class InvoicedPeriods {

    private record Closed(LocalDate start, LocalDate end) {
    }

    private static final String SQL = "SELECT organization_id, billing_period_start, billing_period_end "
            + "FROM billing.invoices WHERE status <> 'draft' AND organization_id = ANY (?) AND billing_period_end >= ?";

    private final Map<UUID, List<Closed>> closed;

    private InvoicedPeriods(Map<UUID, List<Closed>> closed) {
        this.closed = closed;
    }

    static InvoicedPeriods none() {
        return new InvoicedPeriods(Map.of());
    }

    /** The issued invoices of {@code organizations} that end on or after {@code earliest}. */
    static InvoicedPeriods load(Connection c, Collection<UUID> organizations, LocalDate earliest) throws SQLException {
        Map<UUID, List<Closed>> closed = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement(SQL)) {
            Array ids = c.createArrayOf("uuid", organizations.toArray());
            st.setArray(1, ids);
            st.setDate(2, Date.valueOf(earliest));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    closed.computeIfAbsent(rs.getObject(1, UUID.class), o -> new ArrayList<>())
                            .add(new Closed(rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class)));
                }
            }
        }
        return new InvoicedPeriods(closed);
    }

    /** {@code period} if it is still open for the organization, else the first open day after the invoices covering it. */
    LocalDate openPeriod(UUID organization, LocalDate period) {
        List<Closed> periods = closed.get(organization);
        if (periods == null) {
            return period;
        }
        LocalDate open = period;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Closed p : periods) {
                if (!open.isBefore(p.start()) && !open.isAfter(p.end())) {
                    open = p.end().plusDays(1);
                    moved = true;
                }
            }
        }
        return open;
    }
}
