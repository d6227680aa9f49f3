package com.aybiza.service.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys as the client holds them ({@code ayb_} and 43 random URL-safe characters) and as the database holds
 * them (the SHA-256 of that, in hex). A plain hash is enough here, unlike for passwords: the key has 256 random bits,
 * so there is nothing to guess, and a fast hash keeps the lookup on every request cheap.
 */
public final class ApiKeyTokens {

    private static final String PREFIX = "ayb_";

    private final SecureRandom random;

    public ApiKeyTokens(SecureRandom random) {
        this.random = random;
    }

    public String newKey() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether a presented token has the shape of a key at all (checked before any database work). */
    public static boolean wellFormed(String token) {
        return token.startsWith(PREFIX) && token.length() == PREFIX.length() + 43
                && token.substring(PREFIX.length()).chars().allMatch(
                        c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }
}
