package com.aybiza.service.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** AES-256-GCM with a random 96-bit nonce per message; the output is nonce, ciphertext and 128-bit tag. */
final class Aes256Gcm {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private Aes256Gcm() {
    }

    static byte[] encrypt(SecretKey key, byte[] plaintext, byte[] associatedData, SecureRandom random) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption failed", e);
        }
    }

    static byte[] decrypt(SecretKey key, byte[] message, byte[] associatedData) throws GeneralSecurityException {
        if (message.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("ciphertext too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, message, 0, NONCE_BYTES));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(message, NONCE_BYTES, message.length - NONCE_BYTES);
    }
}
