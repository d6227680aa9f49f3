package com.aybiza.jobs.enrich;

import com.aybiza.sinks.postgres.ConnectionProvider;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reference data from the platform's tables, through connections the caller's {@link ConnectionProvider} opens: the
 * one place that knows the reference tables' SQL. A full load runs on a connection of its own; lookups of single ids
 * reuse one kept open between them (opening a connection costs tens of milliseconds, a lookup one), dropped after a
 * failure so that the next read starts on a fresh one.
 *
 * <p>Reads run with {@code row_security = off}: the role must see every tenant (the tables' owner, or a role with
 * BYPASSRLS). A role under row-level security then gets an error, not tables that look empty, which would refuse
 * every event without a word.
 */
public final class JdbcReferenceSource implements ReferenceSource {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcReferenceSource.class);

    private static final String ORGANIZATIONS = "SELECT id FROM agent_manager.organizations";
    private static final String TENANTS = "SELECT id, organization_id, name, plan_tier, status FROM agent_manager.tenants";
    private static final String USERS = "SELECT id, organization_id FROM agent_manager.users";
    private static final String AGENTS = "SELECT id, tenant_id, name, status FROM agent_manager.agents";
    private static final String AGENT_VERSIONS = "SELECT id, agent_id, version FROM agent_manager.agent_versions";
    private static final String PHONE_NUMBERS = "SELECT id, tenant_id FROM phone_manager.phone_numbers";
    private static final String API_KEYS = "SELECT id, organization_id, "
            + "(rate_limit->>'requests_per_minute')::int FROM security.api_keys";

    private static final String BILLED = "SELECT EXISTS (SELECT 1 FROM billing.usage_idempotency WHERE tenant_id = ?)";

    private final ConnectionProvider connections;
    private transient Connection lookupConnection;

    public JdbcReferenceSource(ConnectionProvider connections) {
        this.connections = connections;
    }

    @Override
    public ReferenceData loadAll(Duration timeout) throws SQLException {
        try (Connection connection = connections.open()) {
            return loadAll(connection, timeout);
        }
    }

    @Override
    public ReferenceData loadIds(Collection<UUID> ids, Duration timeout) throws SQLException {
        try {
            return loadIds(lookupConnection(), ids, timeout);
        } catch (SQLException | RuntimeException e) {
            release();
            throw e;
        }
    }

    @Override
    public boolean hasBilledUsage(UUID tenantId, Duration timeout) throws SQLException {
        try (PreparedStatement st = lookupConnection().prepareStatement(BILLED)) {
            st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            st.setObject(1, tenantId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException | RuntimeException e) {
            release();
            throw e;
        }
    }

    @Override
    public void release() {
        if (lookupConnection != null) {
            try {
                lookupConnection.close();
            } catch (SQLException e) {
                LOG.debug("closing the lookup connection failed: {}", e.toString());
            }
            lookupConnection = null;
        }
    }

    private Connection lookupConnection() throws SQLException {
        if (lookupConnection == null) {
            lookupConnection = connections.open();
        }
        return lookupConnection;
    }

    /** Everything, in one repeatable-read transaction so that the tables agree with each other. */
    private static ReferenceData loadAll(Connection connection, Duration timeout) throws SQLException {
        return inTransaction(connection, timeout, null);
    }

    /** Only the rows whose id is one of {@code ids}, whatever table they are in. */
    private static ReferenceData loadIds(Connection connection, Collection<UUID> ids, Duration timeout) throws SQLException {
        return inTransaction(connection, timeout, ids.toArray(UUID[]::new));
    }

    /**
     * Reads each table in turn ({@code ids} null: all its rows), in one read-only repeatable-read transaction with
     * row-level security off; on failure the transaction is rolled back, and the connection's settings are restored
     * either way, so that a caller's connection is never left in an aborted transaction.
     */
    private static ReferenceData inTransaction(Connection connection, Duration timeout, UUID[] ids) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        boolean readOnly = connection.isReadOnly();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (Statement st = connection.createStatement()) {
                st.execute("SET LOCAL row_security = off");
            }
            ReferenceData data = new ReferenceData();
            read(connection, ORGANIZATIONS, ids, timeout, rs -> data.addOrganization(rs.getObject(1, UUID.class)));
            read(connection, TENANTS, ids, timeout, rs -> {
                ReferenceData.Tenant t = new ReferenceData.Tenant(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getString(5));
                data.add(t);
            });
            read(connection, USERS, ids, timeout, rs -> {
                ReferenceData.User u = new ReferenceData.User(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                data.add(u);
            });
            read(connection, AGENTS, ids, timeout, rs -> {
                ReferenceData.Agent a = new ReferenceData.Agent(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4));
                data.add(a);
            });
            read(connection, AGENT_VERSIONS, ids, timeout, rs -> {
                ReferenceData.AgentVersion v = new ReferenceData.AgentVersion(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getInt(3));
                data.add(v);
            });
            read(connection, PHONE_NUMBERS, ids, timeout, rs -> {
                ReferenceData.PhoneNumber p = new ReferenceData.PhoneNumber(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                data.add(p);
            });
            read(connection, API_KEYS, ids, timeout, rs -> {
                ReferenceData.ApiKey k = new ReferenceData.ApiKey(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, Integer.class));
                data.add(k);
            });
            connection.commit();
            restore(connection, autoCommit, readOnly, isolation);
            return data;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
                restore(connection, autoCommit, readOnly, isolation);
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup); // the first error says what went wrong; a broken connection says no more
            }
            throw e;
        }
    }

    private static void restore(Connection connection, boolean autoCommit, boolean readOnly, int isolation)
            throws SQLException {
        connection.setReadOnly(readOnly);
        connection.setTransactionIsolation(isolation);
        connection.setAutoCommit(autoCommit);
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void read(Connection connection, String select, UUID[] ids, Duration timeout, Row row)
            throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(ids == null ? select : select + " WHERE id = ANY (?)")) {
            st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            if (ids != null) {
                st.setArray(1, connection.createArrayOf("uuid", ids));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

}
