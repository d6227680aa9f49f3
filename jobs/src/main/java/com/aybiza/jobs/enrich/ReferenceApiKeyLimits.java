package com.aybiza.jobs.enrich;

import com.aybiza.jobs.detection.ApiKeyLimits;
import java.util.List;
import java.util.UUID;

/**
 * API keys' rate limits from the reference data, read like enrichment reads it ({@link ReferenceDataCache}: a full
 * load, refreshed on its interval, and a lookup of a key it does not hold yet), so a limit changed in
 * {@code security.api_keys} applies within the refresh interval.
 */
public final class ReferenceApiKeyLimits implements ApiKeyLimits {

    private static final long serialVersionUID = 1L;

    private final ReferenceDataSettings settings;
    private transient ReferenceDataCache cache;

    public ReferenceApiKeyLimits(ReferenceDataSettings settings) {
        this.settings = settings;
    }

    @Override
    public Integer requestsPerMinute(UUID apiKeyId) throws Exception {
        if (cache == null) {
            cache = new ReferenceDataCache(settings);
        }
        long now = System.currentTimeMillis();
        ReferenceData data = cache.current(now);
        if (data.apiKey(apiKeyId) == null) {
            cache.lookUp(List.of(apiKeyId), now);
        }
        ReferenceData.ApiKey key = data.apiKey(apiKeyId); // a lookup adds what it finds to the same data
        return key == null ? null : key.requestsPerMinute();
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
    }
}
