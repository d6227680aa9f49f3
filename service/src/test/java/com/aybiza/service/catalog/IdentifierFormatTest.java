package com.aybiza.service.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifierFormatTest {

    static final Clock DECEMBER = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void generatesEachDocumentFormat() {
        SecureRandom random = new SecureRandom();
        assertThat(IdentifierFormat.ACCOUNT.generate(random, DECEMBER)).matches("AYB-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
        assertThat(IdentifierFormat.USER.generate(random, DECEMBER)).matches("USR-[0-9A-Z]{10}");
        assertThat(IdentifierFormat.BILLING_ACCOUNT.generate(random, DECEMBER)).matches("BILL-[0-9A-Z]{4}-[0-9A-Z]{4}");
        assertThat(IdentifierFormat.INVOICE.generate(random, DECEMBER)).matches("INV-2026-12-[0-9A-Z]{6}");
        assertThat(IdentifierFormat.PARTNER.generate(random, DECEMBER)).matches("PTR-[0-9A-Z]{4}-[0-9A-Z]{4}");
        for (IdentifierFormat format : IdentifierFormat.values()) {
            assertThat(format.matches(format.generate(random, DECEMBER))).as(format.name()).isTrue();
        }
    }

    @Test
    void identifiersAreRandom() {
        Set<String> seen = new HashSet<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 1000; i++) {
            seen.add(IdentifierFormat.PARTNER.generate(random, DECEMBER));
        }
        assertThat(seen).hasSizeGreaterThan(995);
        assertThat(IdentifierFormat.ACCOUNT.matches("AYB-0000-0000-000")).isFalse();
        assertThat(IdentifierFormat.INVOICE.matches("INV-2026-13-ABCDEF")).isFalse();
    }
}
