package com.aybiza.service;

import com.aybiza.sql.DatabaseSettings;
import com.aybiza.service.crypto.MasterKeySettings;
import java.util.Objects;

/**
 * Everything the CRUD service is told from outside, checked once: the command line fills it, components read it.
 *
 * @param database      the database to serve, reached as the schema owner (it drops to application_role or
 *                      admin_role for every request; see {@link com.aybiza.service.http.RequestPipeline})
 * @param bindAddress   the address to listen on; loopback by default, so nothing is exposed by accident
 * @param port          the port, 0 for any free one (tests)
 * @param maxBodyBytes  request bodies over this size are refused with 413
 * @param poolSize      database connections; requests beyond it wait for one
 * @param masterKey     the master key that wraps the per-tenant data keys: a local file or a key in AWS KMS
 */
public record ServiceConfig(DatabaseSettings database, String bindAddress, int port, long maxBodyBytes, int poolSize,
                            MasterKeySettings masterKey) {

    public static final long DEFAULT_MAX_BODY_BYTES = 256 * 1024;
    public static final int DEFAULT_POOL_SIZE = 10;

    public ServiceConfig {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(masterKey, "masterKey");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("the body size limit must be at least 1024 bytes, got " + maxBodyBytes);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("the connection pool needs at least one connection, got " + poolSize);
        }
    }

    public static ServiceConfig of(DatabaseSettings database, String bindAddress, int port, MasterKeySettings masterKey) {
        return new ServiceConfig(database, bindAddress, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_POOL_SIZE, masterKey);
    }
}
