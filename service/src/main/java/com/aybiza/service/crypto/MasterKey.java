package com.aybiza.service.crypto;

/**
 * Wraps and unwraps the per-tenant data keys. {@link LocalFileMasterKey} is the default; an AWS KMS implementation
 * (KMS Encrypt/Decrypt of the 32-byte data key under a key ARN, through the AWS SDK v2) fits the same interface.
 */
public interface MasterKey {

    /** Names this master key in keyring.data_keys, so a data key wrapped by another one is recognised. */
    String id();

    byte[] wrap(byte[] dataKey);

    byte[] unwrap(byte[] wrapped);
}
