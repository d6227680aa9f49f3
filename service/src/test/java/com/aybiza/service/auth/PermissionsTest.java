package com.aybiza.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PermissionsTest {

    static Permissions of(String json) throws Exception {
        return Permissions.parse(new ObjectMapper().readTree(json));
    }

    @Test
    void grantsPerCollectionAndThroughTheWildcard() throws Exception {
        Permissions p = of("{\"*\": [\"read\"], \"agents\": [\"write\", \"delete\"]}");
        assertThat(p.allows("agents", Action.WRITE)).isTrue();
        assertThat(p.allows("agents", Action.READ)).isTrue();
        assertThat(p.allows("tools", Action.READ)).isTrue();
        assertThat(p.allows("tools", Action.WRITE)).isFalse();
        assertThat(p.allows("agents", Action.READ_SECRETS)).isFalse();
        assertThat(p.platformAdmin()).isFalse();
        assertThat(of("{}").allows("agents", Action.READ)).isFalse();
    }

    @Test
    void aKeyCoversOnlyWhatItHoldsItself() throws Exception {
        Permissions admin = of("{\"*\": [\"read\", \"write\"]}");
        assertThat(admin.covers(of("{\"agents\": [\"read\"]}"))).isTrue();
        assertThat(admin.covers(of("{\"agents\": [\"delete\"]}"))).isFalse();
        assertThat(admin.covers(of("{\"platform_admin\": true}"))).isFalse();
        assertThat(of("{\"agents\": [\"read\"]}").covers(of("{\"*\": [\"read\"]}"))).isFalse();
    }
}
