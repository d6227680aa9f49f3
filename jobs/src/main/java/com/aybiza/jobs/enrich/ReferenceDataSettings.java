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
 * An event whose references are still unknown is looked up again every {@code retryInterval} for
 * {@code unknownReferenceGrace} before it is dead-lettered (zero: at once), so that an event that overtook the
 * creation of its tenant in another system is billed, not refused.
 */
public record ReferenceDataSettings(ReferenceSource source, Duration refreshInterval, Duration negativeCacheTtl,
                                    Duration loadTimeout, Duration unknownReferenceGrace, Duration retryInterval)
        implements Serializable {

    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_NEGATIVE_CACHE_TTL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_UNKNOWN_REFERENCE_GRACE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(15);

    public ReferenceDataSettings {
        Objects.requireNonNull(source, "source");
        if (refreshInterval.isNegative() || negativeCacheTtl.isNegative() || unknownReferenceGrace.isNegative()) {
            throw new IllegalArgumentException("reference data intervals must not be negative");
        }
        if (loadTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("reference data load timeout must be at least a second: " + loadTimeout);
        }
        if (retryInterval.toMillis() < 100) {
            throw new IllegalArgumentException("the retry interval of unknown references must be at least 100 ms: "
                    + retryInterval);
        }
    }

    /** The platform's tables in {@code database}; without a grace (an unknown reference is refused at once). */
    public ReferenceDataSettings(DatabaseSettings database, Duration refreshInterval, Duration negativeCacheTtl,
                                 Duration loadTimeout) {
        this(tables(database, loadTimeout), refreshInterval, negativeCacheTtl, loadTimeout, Duration.ZERO,
                DEFAULT_RETRY_INTERVAL);
    }

    /** The platform's tables in {@code database}, with the default intervals. */
    public static ReferenceDataSettings of(DatabaseSettings database) {
        return of(tables(database, DEFAULT_LOAD_TIMEOUT));
    }

    /** Reference data from {@code source}, with the default intervals. */
    public static ReferenceDataSettings of(ReferenceSource source) {
        return new ReferenceDataSettings(source, DEFAULT_REFRESH_INTERVAL, DEFAULT_NEGATIVE_CACHE_TTL,
                DEFAULT_LOAD_TIMEOUT, DEFAULT_UNKNOWN_REFERENCE_GRACE, DEFAULT_RETRY_INTERVAL);
    }

    /** Connecting gives up after the load timeout too: a database that does not answer must not hang a task. */
    private static ReferenceSource tables(DatabaseSettings database, Duration connectTimeout) {
        return new JdbcReferenceSource(() -> database.open(connectTimeout));
    }

    /** A grace, looked up again every 15 s, or four times within a shorter grace (every 100 ms at the most). */
    public ReferenceDataSettings withUnknownReferenceGrace(Duration grace) {
        Duration quarter = grace.dividedBy(4);
        Duration interval = quarter.toMillis() < 100 ? Duration.ofMillis(100)
                : quarter.compareTo(DEFAULT_RETRY_INTERVAL) < 0 ? quarter : DEFAULT_RETRY_INTERVAL;
        return withUnknownReferenceGrace(grace, interval);
    }

    public ReferenceDataSettings withUnknownReferenceGrace(Duration grace, Duration interval) {
        return new ReferenceDataSettings(source, refreshInterval, negativeCacheTtl, loadTimeout, grace, interval);
    }
}
