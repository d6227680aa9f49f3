package com.aybiza.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Text through a text COPY comes back from a real PostgreSQL as it was sent, whatever it holds. */
class CopyTextIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @Test
    void textRoundTripsWithEveryCharacterTheFormatEscapes() throws Exception {
        List<String> values = Arrays.asList("plain", "", null, "tab\there", "line\nbreak", "carriage\rreturn",
                "back\\slash", "\\N", "ends with a backslash\\", "\t\n\r\\ at the start", "é ü 日本 😀",
                "mixed\\t not a tab, \ta tab", "x".repeat(10_000));
        DatabaseSettings database = POSTGRES.settings(POSTGRES.newDatabase());
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (n int, v text)");
            CopyText copy = new CopyText(values.size());
            for (int i = 0; i < values.size(); i++) {
                copy.number(i).text(values.get(i)).endRow();
            }
            assertThat(copy.copyInto(c, "COPY t (n, v) FROM STDIN")).isEqualTo(values.size());
            List<String> back = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT v FROM t ORDER BY n")) {
                while (rs.next()) {
                    back.add(rs.getString(1));
                }
            }
            assertThat(back).containsExactlyElementsOf(values);
        }
    }
}
