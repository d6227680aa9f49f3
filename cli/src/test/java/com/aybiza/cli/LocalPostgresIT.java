package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database bin/aybiza local and bench start holds committed rows for good: unlike the test server it is built
 * from, it flushes every commit to disk before answering.
 */
class LocalPostgresIT {

    @Test
    void commitsAreDurable(@TempDir Path dir) throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"), 0);
             Connection c = postgres.owner().open(); Statement st = c.createStatement()) {
            assertThat(setting(st, "fsync")).isEqualTo("on");
            assertThat(setting(st, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(st, "full_page_writes")).isEqualTo("on");
        }
    }

    private static String setting(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
