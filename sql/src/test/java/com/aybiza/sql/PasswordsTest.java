package com.aybiza.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every shape of connection string a user may paste loses its password, and nothing else. */
class PasswordsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://h:5432/db?user=u&password=pw1&ssl=true | jdbc:postgresql://h:5432/db?user=u&password=***&ssl=true",
        "postgres://app:pw1@127.0.0.1:5432/aybiza                 | postgres://app:***@127.0.0.1:5432/aybiza",
        "host=127.0.0.1 user=app password=pw1 dbname=x           | host=127.0.0.1 user=app password=*** dbname=x",
        "'PASSWORD: pw1' and pwd=pw1;                            | 'PASSWORD: ***' and pwd=***;",
        "already password=*** and postgres://a:***@h             | already password=*** and postgres://a:***@h",
        "http://127.0.0.1:8000 and user=u, passed: 3             | http://127.0.0.1:8000 and user=u, passed: 3",
    })
    void masksPasswordsOnly(String text, String shown) {
        assertThat(Passwords.redact(text)).isEqualTo(shown);
    }

    @org.junit.jupiter.api.Test
    void databaseSettingsNeverEchoAPassword() {
        assertThat(new DatabaseSettings("jdbc:postgresql://h/db?password=pw1", "u", "pw2").toString())
                .isEqualTo("jdbc:postgresql://h/db?password=*** as u");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseSettings.of("postgres://u:pw1@h/db"))
                .hasMessageEndingWith("got: postgres://u:***@h/db").hasMessageNotContaining("pw1");
    }
}
