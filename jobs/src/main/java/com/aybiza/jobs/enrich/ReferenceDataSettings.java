package com.aybiza.jobs.enrich;

import com.aybiza.sql.DatabaseSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where enrichment reads reference data and how fresh it keeps it: a full reload every {@code refreshInterval}
 * (changes to names and plans show up within it), and an early reload when an event names an id the snapshot does
 * not hold, at most once per {@code missReloadInterval} (a tenant created a moment ago is found, a stream of bad
 * ids does not hammer the database).
 */
public record ReferenceDataSettings(DatabaseSettings database, Duration refreshInterval, Duration missReloadInterval)
        implements Serializable {

    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_MISS_RELOAD_INTERVAL = Duration.ofSeconds(5);

    public ReferenceDataSettings {
        Objects.requireNonNull(database, "database");
        if (refreshInterval.isNegative() || missReloadInterval.isNegative()) {
            throw new IllegalArgumentException("reference data intervals must not be negative");
        }
    }

    public static ReferenceDataSettings of(DatabaseSettings database) {
        return new ReferenceDataSettings(database, DEFAULT_REFRESH_INTERVAL, DEFAULT_MISS_RELOAD_INTERVAL);
    }
}
