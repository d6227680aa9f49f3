package com.aybiza.jobs.enrich;

import com.aybiza.sql.DatabaseSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where enrichment reads reference data and how fresh it keeps it: a full reload every {@code refreshInterval}
 * (changes to names and plans show up within it); an id the data lacks is looked up on its own, and the database's
 * answer that it does not exist is trusted for {@code negativeCacheTtl} (a stream of events with the same bad id costs
 * one query). Every read gives up after {@code loadTimeout}: a task must not hang on a database that stopped answering.
 */
public record ReferenceDataSettings(DatabaseSettings database, Duration refreshInterval, Duration negativeCacheTtl,
                                    Duration loadTimeout) implements Serializable {

    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_NEGATIVE_CACHE_TTL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(30);

    public ReferenceDataSettings {
        Objects.requireNonNull(database, "database");
        if (refreshInterval.isNegative() || negativeCacheTtl.isNegative()) {
            throw new IllegalArgumentException("reference data intervals must not be negative");
        }
        if (loadTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("reference data load timeout must be at least a second: " + loadTimeout);
        }
    }

    public static ReferenceDataSettings of(DatabaseSettings database) {
        return new ReferenceDataSettings(database, DEFAULT_REFRESH_INTERVAL, DEFAULT_NEGATIVE_CACHE_TTL,
                DEFAULT_LOAD_TIMEOUT);
    }
}
