package com.aybiza.service.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;

/**
 * Encrypts one field's value for storage: {@code enc:v1:} and the base64 of AES-256-GCM's nonce, ciphertext and
 * tag. The associated data binds the ciphertext to its table, column and row, so a value copied into another row
 * or column does not decrypt.
 */
public final class FieldCipher {

    private static final String PREFIX = "enc:v1:";

    private final SecureRandom random;

    public FieldCipher(SecureRandom random) {
        this.random = random;
    }

    public String encrypt(SecretKey key, String plaintext, String context) {
        byte[] sealed = Aes256Gcm.encrypt(key, plaintext.getBytes(StandardCharsets.UTF_8),
                context.getBytes(StandardCharsets.UTF_8), random);
        return PREFIX + Base64.getEncoder().encodeToString(sealed);
    }

    public String decrypt(SecretKey key, String stored, String context) {
        if (!isCiphertext(stored)) {
            throw new IllegalStateException("a field marked encrypted holds no ciphertext (" + context + ")");
        }
        try {
            byte[] plain = Aes256Gcm.decrypt(key, Base64.getDecoder().decode(stored.substring(PREFIX.length())),
                    context.getBytes(StandardCharsets.UTF_8));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("an encrypted field does not decrypt (" + context + ")", e);
        }
    }

    public static boolean isCiphertext(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }
}
