package com.aybiza.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class IpAllowListTest {

    static IpAllowList of(String json) throws Exception {
        return IpAllowList.parse(new ObjectMapper().readTree(json));
    }

    @Test
    void emptyAllowsEveryAddress() throws Exception {
        assertThat(of("[]").allows("203.0.113.9")).isTrue();
    }

    @Test
    void matchesAddressesAndCidrBlocksOfBothFamilies() throws Exception {
        IpAllowList list = of("[\"10.0.0.0/8\", \"192.168.1.7\", \"2001:db8::/32\"]");
        assertThat(list.allows("10.200.3.4")).isTrue();
        assertThat(list.allows("11.0.0.1")).isFalse();
        assertThat(list.allows("192.168.1.7")).isTrue();
        assertThat(list.allows("192.168.1.8")).isFalse();
        assertThat(list.allows("2001:db8:1::5")).isTrue();
        assertThat(list.allows("[2001:db8:1::5]")).isTrue();
        assertThat(list.allows("2001:db9::1")).isFalse();
        assertThat(list.allows("::ffff:10.1.2.3")).isTrue();
    }

    @Test
    void hostNamesAndGarbageNeverMatchAndNeverResolve() throws Exception {
        assertThat(of("[\"localhost\"]").allows("127.0.0.1")).isFalse();
        assertThat(of("[\"10.0.0.0/99\"]").allows("10.0.0.1")).isFalse();
        assertThat(of("[\"0.0.0.0/0\"]").allows("localhost")).isFalse();
        assertThat(of("[\"0.0.0.0/0\"]").allows("8.8.8.8")).isTrue();
    }
}
