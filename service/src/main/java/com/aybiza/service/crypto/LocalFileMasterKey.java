package com.aybiza.service.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit master key in a local file (base64, owner-readable only), created with a fresh random key when the file
 * does not exist. Losing the file loses every encrypted field: back it up with the database's backups, apart from them.
 */
public final class LocalFileMasterKey implements MasterKey {

    private static final byte[] WRAP_CONTEXT = "aybiza data key".getBytes(StandardCharsets.UTF_8);

    private final SecretKey key;
    private final String id;
    private final SecureRandom random;

    private LocalFileMasterKey(byte[] key, SecureRandom random) throws GeneralSecurityException {
        this.key = new SecretKeySpec(key, "AES");
        // The fingerprint names the key without revealing it.
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
        this.id = "file:" + HexFormat.of().formatHex(digest, 0, 8);
        this.random = random;
    }

    public static LocalFileMasterKey loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, ".master-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, Base64.getEncoder().encodeToString(fresh) + "\n");
            try {
                Files.move(temp, file); // not replacing: a concurrent creator's key wins, and we read it below
            } catch (java.nio.file.FileAlreadyExistsException e) {
                Files.delete(temp);
            }
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a base64 master key", e);
        }
        if (key.length != 32) {
            throw new IOException(file + " must hold 32 bytes (base64), found " + key.length);
        }
        try {
            return new LocalFileMasterKey(key, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        return Aes256Gcm.encrypt(key, dataKey, WRAP_CONTEXT, random);
    }

    @Override
    public byte[] unwrap(byte[] wrapped) {
        try {
            return Aes256Gcm.decrypt(key, wrapped, WRAP_CONTEXT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a data key does not unwrap with master key " + id
                    + " (was it wrapped by another master key?)", e);
        }
    }
}
