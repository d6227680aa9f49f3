package com.aybiza.generator;

import com.aybiza.sql.DatabaseSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the invented reference data into the platform schema, so that enrichment finds every tenant and agent
 * the events name. Idempotent: rows that exist (same seed, earlier run) are left as they are. One transaction.
 */
final class ReferenceDataWriter {

    /** How many rows were new, per table. */
    record Counts(int organizations, int tenants, int roles, int users, int agents, int agentVersions, int phoneNumbers) {
        @Override
        public String toString() {
            return "%d organizations, %d tenants, %d roles, %d users, %d agents, %d agent versions, %d phone numbers new"
                    .formatted(organizations, tenants, roles, users, agents, agentVersions, phoneNumbers);
        }
    }

    private interface Binder<T> {
        void bind(PreparedStatement st, T row) throws SQLException;
    }

    private final DatabaseSettings database;

    /** A database without the platform schema would refuse the first batch with a raw INSERT error: say why first. */
    private static void requireSchema(Connection c) throws SQLException {
        // migrate applies all migrations in one transaction, so one table of the schema stands for all of it.
        try (PreparedStatement st = c.prepareStatement("SELECT to_regclass('agent_manager.tenants') IS NULL");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw new IllegalStateException("the database " + c.getCatalog()
                        + " has no AYBIZA schema: run `bin/aybiza migrate` first");
            }
        }
    }

    ReferenceDataWriter(DatabaseSettings database) {
        this.database = database;
    }

    Counts write(ReferenceData data) throws SQLException {
        try (Connection c = database.open()) {
            requireSchema(c);
            c.setAutoCommit(false);
            try {
                Counts counts = new Counts(
                        insert(c, ReferenceRowSql.ORGANIZATION,
                                data.organizations(), (st, o) -> {
                                    st.setObject(1, o.id()); st.setString(2, o.accountId()); st.setString(3, o.name());
                                    st.setString(4, o.slug());
                                }),
                        insert(c, ReferenceRowSql.TENANT, data.tenants(), (st, t) -> {
                                    st.setObject(1, t.id()); st.setObject(2, t.organizationId()); st.setString(3, t.name());
                                    st.setString(4, t.slug()); st.setString(5, t.slug()); st.setString(6, t.planTier());
                                }),
                        insert(c, ReferenceRowSql.ROLE,
                                data.roles(), (st, r) -> {
                                    st.setObject(1, r.id()); st.setObject(2, r.organizationId()); st.setString(3, r.name());
                                }),
                        insert(c, ReferenceRowSql.USER,
                                data.users(), (st, u) -> {
                                    st.setObject(1, u.id()); st.setString(2, u.userId()); st.setString(3, u.email());
                                    st.setString(4, u.fullName()); st.setObject(5, u.organizationId());
                                    st.setObject(6, u.tenantId()); st.setObject(7, u.roleId());
                                }),
                        insert(c, ReferenceRowSql.AGENT,
                                data.agents(), (st, a) -> {
                                    st.setObject(1, a.id()); st.setString(2, a.name()); st.setObject(3, a.organizationId());
                                    st.setObject(4, a.tenantId()); st.setObject(5, a.createdById());
                                }),
                        insert(c, ReferenceRowSql.AGENT_VERSION,
                                data.agents(), (st, a) -> {
                                    st.setObject(1, a.versionId()); st.setObject(2, a.id()); st.setString(3, a.voiceModel());
                                    st.setString(4, a.model()); st.setObject(5, a.createdById());
                                }),
                        insert(c, ReferenceRowSql.PHONE_NUMBER,
                                data.phoneNumbers(), (st, p) -> {
                                    st.setObject(1, p.id()); st.setString(2, p.number()); st.setString(3, p.number());
                                    st.setString(4, p.number().substring(2)); st.setObject(5, p.organizationId());
                                    st.setObject(6, p.tenantId()); st.setObject(7, p.agentId()); st.setString(8, p.region());
                                    st.setObject(9, p.createdById());
                                }));
                c.commit();
                return counts;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Batch insert; a row whose key exists already is skipped (ON CONFLICT DO NOTHING). Returns the new rows. */
    private static <T> int insert(Connection c, String sql, List<T> rows, Binder<T> binder) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql + " ON CONFLICT DO NOTHING")) {
            for (T row : rows) {
                binder.bind(st, row);
                st.addBatch();
            }
            int inserted = 0;
            for (int n : st.executeBatch()) {
                inserted += Math.max(n, 0);
            }
            return inserted;
        }
    }
}
