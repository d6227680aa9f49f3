package com.aybiza.service.crypto;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 data key per tenant (or per organization, for rows an organization owns), kept wrapped by the master
 * key in keyring.data_keys and unwrapped once per process. Reads and writes run on the request's connection, under
 * the request's tenant: V42 lets a tenant's request see only its own tenant's and organization's wrapped keys.
 */
public final class DataKeyRing {

    private static final String SELECT = "SELECT wrapped_key, master_key_id FROM keyring.data_keys WHERE owner_id = ?";
    private static final String INSERT = """
            INSERT INTO keyring.data_keys (owner_id, wrapped_key, master_key_id) VALUES (?, ?, ?)
            ON CONFLICT (owner_id) DO NOTHING""";

    private final MasterKey masterKey;
    private final SecureRandom random;
    private final Map<UUID, Unwrapped> cache = new ConcurrentHashMap<>();

    public DataKeyRing(MasterKey masterKey, SecureRandom random) {
        this.masterKey = masterKey;
        this.random = random;
    }

    public MasterKey masterKey() {
        return masterKey;
    }

    /**
     * Fails at start, not at the first encrypted field, when the master key does not work (KMS unreachable, no
     * permission, a disabled key) or the database holds data keys that another master key wrapped: those would not
     * unwrap, and every secret of their owners would be unreadable.
     */
    public static void checkMasterKey(Connection c, MasterKey masterKey, SecureRandom random) throws SQLException {
        byte[] probe = new byte[32];
        random.nextBytes(probe);
        if (!Arrays.equals(probe, masterKey.unwrap(masterKey.wrap(probe)))) {
            throw new IllegalStateException("master key " + masterKey.id() + " does not give back what it wrapped");
        }
        // As the tables' owner: row-level security does not apply, every owner's key is seen.
        try (PreparedStatement st = c.prepareStatement("SELECT master_key_id, count(*) FROM keyring.data_keys "
                + "WHERE master_key_id <> ? GROUP BY master_key_id ORDER BY master_key_id")) {
            st.setString(1, masterKey.id());
            try (ResultSet rs = st.executeQuery()) {
                StringBuilder others = new StringBuilder();
                while (rs.next()) {
                    others.append(others.isEmpty() ? "" : ", ").append(rs.getLong(2)).append(" by ")
                            .append(rs.getString(1));
                }
                if (!others.isEmpty()) {
                    throw new IllegalStateException("keyring.data_keys holds data keys wrapped by another master key ("
                            + others + "), which " + masterKey.id() + " cannot unwrap: start the service with the "
                            + "master key that wrapped them, or move them with bin/aybiza rewrap-data-keys");
                }
            }
        }
    }

    /** The owner's data key, created (and stored wrapped) on first use. */
    public Unwrapped dataKey(Connection c, UUID owner) throws SQLException {
        Unwrapped known = cache.get(owner);
        if (known != null) {
            return known;
        }
        String[] stored = select(c, owner);
        if (stored == null) {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            try (PreparedStatement st = c.prepareStatement(INSERT)) {
                st.setObject(1, owner);
                st.setString(2, Base64.getEncoder().encodeToString(masterKey.wrap(fresh)));
                st.setString(3, masterKey.id());
                st.executeUpdate();
            }
            // A concurrent request may have stored its key first: use whichever is stored.
            stored = select(c, owner);
        }
        String wrapped = stored[0];
        if (!masterKey.id().equals(stored[1])) {
            throw new IllegalStateException("the data key of " + owner + " was wrapped by master key " + stored[1]
                    + ", not by this service's " + masterKey.id());
        }
        Unwrapped key = new Unwrapped(new SecretKeySpec(masterKey.unwrap(Base64.getDecoder().decode(wrapped)), "AES"),
                wrapped);
        cache.put(owner, key);
        return key;
    }

    /** The wrapped key and the master key's id, or null. */
    private static String[] select(Connection c, UUID owner) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SELECT)) {
            st.setObject(1, owner);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
            }
        }
    }

    /** A data key ready to use, and its wrapped form (customer_credentials stores it beside the credential). */
    public record Unwrapped(SecretKey key, String wrapped) {
    }
}
