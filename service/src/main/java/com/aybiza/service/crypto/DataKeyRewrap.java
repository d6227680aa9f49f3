package com.aybiza.service.crypto;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Moves the data keys from one master key to another (a new key file, or from the file to AWS KMS): each data key is
 * unwrapped with the old master key and wrapped with the new one. The data keys themselves do not change, so no
 * encrypted field is touched. One transaction as the tables' owner: either every key moves or none does, and a second
 * run after a failure moves what is left. customer_credentials rows, which carry a copy of the wrapped key, follow.
 *
 * <p>Stop the service first: an instance still running with the old master key would wrap new tenants' keys with it,
 * and the next start refuses a keyring with two master keys in it (a second rewrap then fixes that).
 */
public final class DataKeyRewrap {

    private DataKeyRewrap() {
    }

    /** What moved, and what is held by a third master key and was left as it is. */
    public record Result(int rewrapped, int alreadyUnderTarget, int underOtherMasterKeys) {
    }

    public static Result rewrap(Connection c, MasterKey from, MasterKey to) throws SQLException {
        if (from.id().equals(to.id())) {
            throw new IllegalArgumentException("the old and the new master key are the same: " + from.id());
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            List<Object[]> keys = new ArrayList<>();
            int underTarget = 0, underOthers = 0;
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT owner_id, wrapped_key, master_key_id FROM keyring.data_keys ORDER BY owner_id FOR UPDATE");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String masterKeyId = rs.getString(3);
                    if (masterKeyId.equals(from.id())) {
                        keys.add(new Object[] {rs.getObject(1, UUID.class), rs.getString(2)});
                    } else if (masterKeyId.equals(to.id())) {
                        underTarget++;
                    } else {
                        underOthers++;
                    }
                }
            }
            try (PreparedStatement key = c.prepareStatement(
                         "UPDATE keyring.data_keys SET wrapped_key = ?, master_key_id = ? WHERE owner_id = ?");
                 PreparedStatement vault = c.prepareStatement("UPDATE security.customer_credentials "
                         + "SET data_key_encrypted = ?, kms_key_alias = ? WHERE data_key_encrypted = ?")) {
                for (Object[] row : keys) {
                    String old = (String) row[1];
                    String rewrapped = Base64.getEncoder().encodeToString(
                            to.wrap(from.unwrap(Base64.getDecoder().decode(old))));
                    key.setString(1, rewrapped);
                    key.setString(2, to.id());
                    key.setObject(3, row[0]);
                    key.executeUpdate();
                    vault.setString(1, rewrapped);
                    vault.setString(2, to.id());
                    vault.setString(3, old);
                    vault.executeUpdate();
                }
            }
            c.commit();
            return new Result(keys.size(), underTarget, underOthers);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
