package com.aybiza.service.crypto;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Which master key wraps the per-tenant data keys: a local key file (the default) or a key in AWS KMS. Read from the
 * command line into {@link com.aybiza.service.ServiceConfig}; {@link #open} makes the key the service uses.
 */
public sealed interface MasterKeySettings {

    MasterKey open(SecureRandom random) throws IOException;

    /** A 256-bit key in a file, created on first use. */
    record LocalFile(Path file) implements MasterKeySettings {
        public LocalFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public MasterKey open(SecureRandom random) throws IOException {
            return LocalFileMasterKey.loadOrCreate(file, random);
        }
    }

    /**
     * A symmetric KMS key, by key id, ARN or alias ARN. Credentials and, when {@code region} is null, the region come
     * from the AWS SDK's default chains (environment, profile, instance or task role).
     *
     * @param endpoint null for AWS's own endpoint of the region; a VPC endpoint or a KMS-compatible server otherwise
     */
    record Kms(String keyId, URI endpoint, String region) implements MasterKeySettings {
        public Kms {
            Objects.requireNonNull(keyId, "keyId");
            if (keyId.isBlank()) {
                throw new IllegalArgumentException("the KMS key id must not be blank");
            }
        }

        @Override
        public MasterKey open(SecureRandom random) {
            return KmsMasterKey.connect(this);
        }
    }
}
