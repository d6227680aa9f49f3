package com.aybiza.service.crypto;

/**
 * Wraps and unwraps the per-tenant data keys: {@link LocalFileMasterKey} (the default) or {@link KmsMasterKey}.
 * {@link MasterKeySettings} says which.
 */
public interface MasterKey extends AutoCloseable {

    /** Names this master key in keyring.data_keys, so a data key wrapped by another one is recognised. */
    String id();

    byte[] wrap(byte[] dataKey);

    byte[] unwrap(byte[] wrapped);

    /** Releases the connection to the key's holder, if any. */
    @Override
    default void close() {
    }
}
