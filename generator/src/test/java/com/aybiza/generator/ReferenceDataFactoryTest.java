package com.aybiza.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReferenceDataFactoryTest {

    @Test
    void moreTenantsAndAgentsGiveASupersetOfTheSameRows() {
        ReferenceData small = ReferenceDataFactory.create(42, 6, 18);
        ReferenceData large = ReferenceDataFactory.create(42, 10, 40);

        assertThat(large.organizations()).containsAll(small.organizations());
        assertThat(large.tenants()).containsAll(small.tenants());
        assertThat(large.users()).containsAll(small.users());
        assertThat(large.agents()).containsAll(small.agents());
        assertThat(large.phoneNumbers()).containsAll(small.phoneNumbers());
    }

    @Test
    void everyAgentAndNumberIsUniqueAndBelongsToAnExistingTenant() {
        ReferenceData data = ReferenceDataFactory.create(7, 25, 400);
        Set<java.util.UUID> tenants = data.tenants().stream().map(ReferenceData.Tenant::id).collect(Collectors.toSet());

        assertThat(data.agents()).hasSize(400).allSatisfy(a -> assertThat(tenants).contains(a.tenantId()));
        assertThat(data.phoneNumbers().stream().map(ReferenceData.PhoneNumber::number)).doesNotHaveDuplicates();
        assertThat(data.users().stream().map(ReferenceData.User::email)).doesNotHaveDuplicates();
        assertThat(data.agentsByTenant()).hasSize(25);
    }

    @Test
    void anotherSeedInventsOtherRows() {
        assertThat(ReferenceDataFactory.create(1, 4, 8).tenants())
                .doesNotContainAnyElementsOf(ReferenceDataFactory.create(2, 4, 8).tenants());
    }
}
