package com.aybiza.jobs.enrich;

import java.io.Serializable;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

/**
 * Where enrichment reads its reference data: the platform's tables in production ({@link JdbcReferenceSource}), data
 * held in memory in a test. Passed in through {@link ReferenceDataSettings}, so that the cache and the rules above it
 * run the same whatever stands behind it. Each read gives up after {@code timeout}.
 */
public interface ReferenceSource extends Serializable {

    /** Everything, consistent across the tables. */
    ReferenceData loadAll(Duration timeout) throws SQLException;

    /** Only the rows whose id is one of {@code ids}, whatever table they are in. */
    ReferenceData loadIds(Collection<UUID> ids, Duration timeout) throws SQLException;

    /** Whether usage of the tenant was ever billed: proof that a tenant no longer in the data existed. */
    boolean hasBilledUsage(UUID tenantId, Duration timeout) throws SQLException;

    /** Lets go of what the source keeps open between reads (a connection); the next read opens it again. */
    default void release() {
    }
}
