package com.aybiza.jobs.detection;

import java.io.Serializable;
import java.util.UUID;

/** Where the rate rule reads an API key's {@code rate_limit.requests_per_minute} (null when none is set). */
@FunctionalInterface
public interface ApiKeyLimits extends Serializable {

    Integer requestsPerMinute(UUID apiKeyId) throws Exception;

    /** Called once, when the operator closes: release what lookups opened. */
    default void close() {
    }
}
