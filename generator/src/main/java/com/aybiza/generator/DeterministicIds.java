package com.aybiza.generator;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Ids that depend only on the seed and on what they name. Event ids follow the rule the README gives producers:
 * derived from what the event is about (a call and its billing segment, an execution and its phase), so that a
 * retry of the same event carries the same id and is dropped downstream as a duplicate.
 */
final class DeterministicIds {

    private final String namespace;

    /** Ids of the reference data: they depend on the seed alone, so every run of a seed names the same tenants. */
    DeterministicIds(long seed) {
        this.namespace = "aybiza-generator/" + seed + "/";
    }

    /**
     * Ids of the events of a run: they depend on the seed and the start, so a run on another day (or hour) writes
     * new events, while the same command again writes the same ones, ids included.
     */
    DeterministicIds(long seed, java.time.Instant start) {
        this.namespace = "aybiza-generator/" + seed + "/" + start + "/";
    }

    /** A name-based UUID (RFC 4122 version 3) of the parts, within this seed's namespace. */
    UUID of(String... parts) {
        return UUID.nameUUIDFromBytes((namespace + String.join("|", parts)).getBytes(StandardCharsets.UTF_8));
    }

    /** A random-looking (version 4 layout) UUID drawn from the given random stream. */
    static UUID random(SplittableRandom random) {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    /** Hex digits from the random stream, e.g. for call SIDs. */
    static String hex(SplittableRandom random, int digits) {
        StringBuilder out = new StringBuilder(digits);
        while (out.length() < digits) {
            out.append(Long.toHexString(random.nextLong() | Long.MIN_VALUE));
        }
        return out.substring(0, digits);
    }
}
