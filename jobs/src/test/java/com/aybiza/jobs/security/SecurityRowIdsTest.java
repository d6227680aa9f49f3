package com.aybiza.jobs.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.SecurityEvent;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Row ids: RFC 4122 version 5 of the scope and event_id, so equal event_ids of two scopes are two rows. */
class SecurityRowIdsTest {

    private static final UUID ORG = UUID.fromString("0e7d1c52-5f0a-4c1e-9d7a-1b2c3d4e5f60");
    private static final UUID TENANT = UUID.fromString("6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b");
    private static final UUID OTHER_TENANT = UUID.fromString("7a2b3c4d-5e6f-4a70-8b8c-9d0e1f2a3b4c");
    private static final UUID EVENT = UUID.fromString("3f2c8e0a-1b2c-4d5e-8f90-a1b2c3d4e5f6");

    @Test
    void isTheVersion5UuidOfScopeAndEventIdThatOtherLanguagesDeriveToo() {
        // Expected values from Python: uuid.uuid5(NAMESPACE, "<scope>/<event_id>").
        assertThat(SecurityRowIds.of(event(ORG, TENANT)))
                .isEqualTo(UUID.fromString("47e378bb-a7f1-5aff-b722-9d575cdd189e"));
        assertThat(SecurityRowIds.of(event(null, null)))
                .isEqualTo(UUID.fromString("3aea47c9-fd4d-5dae-995a-76754b976bb9"));
        assertThat(SecurityRowIds.of(event(ORG, TENANT)).version()).isEqualTo(5);
    }

    @Test
    void sameEventIdInAnotherScopeIsAnotherRow() {
        assertThat(SecurityRowIds.of(event(ORG, TENANT))).isNotEqualTo(SecurityRowIds.of(event(ORG, OTHER_TENANT)))
                .isNotEqualTo(SecurityRowIds.of(event(ORG, null)));
        // The tenant is the scope whatever the organization says, as for de-duplication.
        assertThat(SecurityRowIds.of(event(ORG, TENANT))).isEqualTo(SecurityRowIds.of(event(null, TENANT)));
    }

    private static SecurityEvent event(UUID organization, UUID tenant) {
        SecurityEvent audit = new SecurityEventFixtures(organization, tenant, null, null, ORG, null).audit("x");
        audit.setEventId(EVENT);
        return audit;
    }
}
