package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.sql.DatabaseSettings;
import org.junit.jupiter.api.Test;

/** The BI lines local prints for the shapes of URL a user may give with --jdbc-url: same server, same database. */
class BiReaderLoginTest {

    @Test
    void pointsAtTheServerAndDatabaseOfTheOwnersUrl() {
        assertThat(lines("jdbc:postgresql://127.0.0.1:5432/aybiza?user=u&password=p")).containsExactly(
                "jdbc:postgresql://127.0.0.1:5432/aybiza?user=aybiza_bi",
                "psql \"host=127.0.0.1 port=5432 dbname=aybiza user=aybiza_bi\"");
        // pgJDBC's short form: localhost, port 5432 (java.net.URI read it as database "postgres")
        assertThat(lines("jdbc:postgresql:aybiza?user=u")).containsExactly(
                "jdbc:postgresql://localhost:5432/aybiza?user=aybiza_bi",
                "psql \"host=localhost port=5432 dbname=aybiza user=aybiza_bi\"");
        assertThat(lines("jdbc:postgresql://db.example.com/reports")).containsExactly(
                "jdbc:postgresql://db.example.com:5432/reports?user=aybiza_bi",
                "psql \"host=db.example.com port=5432 dbname=reports user=aybiza_bi\"");
        // several servers: both tools take the list
        assertThat(lines("jdbc:postgresql://h1:5432,h2:5433/aybiza?targetServerType=primary")).containsExactly(
                "jdbc:postgresql://h1:5432,h2:5433/aybiza?user=aybiza_bi",
                "psql \"host=h1,h2 port=5432,5433 dbname=aybiza user=aybiza_bi\"");
        assertThat(lines("jdbc:postgresql://[::1]:5433/aybiza")).containsExactly(
                "jdbc:postgresql://[::1]:5433/aybiza?user=aybiza_bi",
                "psql \"host=::1 port=5433 dbname=aybiza user=aybiza_bi\"");
    }

    private static String[] lines(String ownerUrl) {
        BiReaderLogin.Location location = BiReaderLogin.Location.of(DatabaseSettings.of(ownerUrl));
        return new String[] {location.jdbcUrl(), location.psql()};
    }
}
