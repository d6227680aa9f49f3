package com.aybiza.service.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes the passwords written to users.encrypted_password with PBKDF2-HMAC-SHA256 (in the JDK; slow on purpose,
 * salted): {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}. The service never returns the column.
 */
public final class PasswordHasher {

    private static final int ITERATIONS = 210_000;

    private final SecureRandom random;

    public PasswordHasher(SecureRandom random) {
        this.random = random;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, ITERATIONS));
    }

    static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK 17 has PBKDF2WithHmacSHA256", e);
        }
    }
}
