package com.aybiza.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache's rules of freshness, with its reference data held in memory: no database involved. */
class ReferenceDataCacheTest {

    private static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID LATE_TENANT = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final UUID NOBODY = UUID.fromString("00000000-0000-0000-0000-00000000000d");

    private final InMemoryReferenceSource source = new InMemoryReferenceSource();
    private ReferenceDataCache cache;

    @BeforeEach
    void data() {
        source.stored.addOrganization(ORG).add(new ReferenceData.Tenant(TENANT, ORG, "acme", "pro", "active"));
        cache = new ReferenceDataCache(new ReferenceDataSettings(source, Duration.ofMinutes(1), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ZERO, ReferenceDataSettings.DEFAULT_RETRY_INTERVAL));
    }

    @Test
    void loadsOnceAndAgainOnlyAfterTheRefreshInterval() throws Exception {
        assertThat(cache.current(0).tenant(TENANT).name()).isEqualTo("acme");
        source.stored.add(new ReferenceData.Tenant(TENANT, ORG, "acme renamed", "pro", "active"));
        assertThat(cache.current(59_999).tenant(TENANT).name()).isEqualTo("acme");
        assertThat(source.fullLoads).isEqualTo(1);
        assertThat(cache.current(60_000).tenant(TENANT).name()).isEqualTo("acme renamed");
        assertThat(cache.fullLoads()).isEqualTo(2);
    }

    @Test
    void anIdTheDataLacksIsLookedUpOnItsOwnAndADenialIsTrustedForTheTtl() throws Exception {
        cache.current(0);
        source.stored.add(new ReferenceData.Tenant(LATE_TENANT, ORG, "late", "free", "active"));
        cache.lookUp(List.of(LATE_TENANT, NOBODY, TENANT), 1_000);
        assertThat(source.lookedUp).containsExactly(List.of(LATE_TENANT, NOBODY)); // TENANT is held already
        assertThat(cache.current(1_000).tenant(LATE_TENANT)).isNotNull();
        assertThat(cache.lookups()).isEqualTo(2);
        assertThat(cache.lookupHits()).isEqualTo(1);

        cache.lookUp(List.of(NOBODY), 2_999); // denied 1.999 s ago: within the 2 s TTL, no query
        assertThat(source.lookedUp).hasSize(1);
        cache.lookUp(List.of(NOBODY), 3_000);
        assertThat(source.lookedUp).hasSize(2);
    }

    @Test
    void aFullLoadForgetsTheDenials() throws Exception {
        cache.current(0);
        cache.lookUp(List.of(NOBODY), 100);
        cache.current(60_000);
        cache.lookUp(List.of(NOBODY), 60_001);
        assertThat(source.lookedUp).hasSize(2);
    }

    @Test
    void aFailedRefreshKeepsTheDataItHadAndTriesAgainAnIntervalLater() throws Exception {
        cache.current(0);
        source.unavailable = true;
        assertThat(cache.current(60_000).tenant(TENANT)).isNotNull();
        source.unavailable = false;
        cache.current(60_001);
        assertThat(source.fullLoads).as("not retried per event").isEqualTo(1);
        cache.current(120_000);
        assertThat(source.fullLoads).isEqualTo(2);
    }

    @Test
    void aFailedLookupFailsTheCallerAndLetsGoOfTheSourcesConnection() throws Exception {
        cache.current(0);
        source.unavailable = true;
        assertThatThrownBy(() -> cache.lookUp(List.of(NOBODY), 10)).isInstanceOf(SQLException.class);
        assertThat(cache.current(0).tenant(TENANT)).as("what was loaded stays").isNotNull();
        cache.close();
        assertThat(source.releases).isEqualTo(1);
    }

    @Test
    void billingHistoryIsRememberedOnceTrueAndANoForTheTtl() throws Exception {
        source.billedTenants.add(LATE_TENANT);
        assertThat(cache.hasBillingHistory(LATE_TENANT, 0)).isTrue();
        assertThat(cache.hasBillingHistory(LATE_TENANT, 1_000_000)).isTrue();
        assertThat(source.billingQueries).isEqualTo(1);

        assertThat(cache.hasBillingHistory(NOBODY, 0)).isFalse();
        assertThat(cache.hasBillingHistory(NOBODY, 1_999)).isFalse();
        assertThat(source.billingQueries).isEqualTo(2);
        source.billedTenants.add(NOBODY);
        assertThat(cache.hasBillingHistory(NOBODY, 2_000)).isTrue();
        assertThat(source.billingQueries).isEqualTo(3);
    }
}
