package com.aybiza.sinks.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aybiza.sql.DatabaseSettings;
import com.aybiza.sql.EmbeddedPostgresExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Values through binary COPY come back from a real PostgreSQL as they were sent, edge cases included. */
class CopyBinaryIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    private static final String COPY = "COPY t (id, at, day, amount, price, name, doc, big, small) "
            + "FROM STDIN (FORMAT binary)";

    private static DatabaseSettings database;

    @BeforeAll
    static void createTable() throws Exception {
        database = POSTGRES.settings(POSTGRES.newDatabase());
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (n serial, id uuid, at timestamptz, day date, amount numeric(20,6), "
                    + "price numeric(10,6), name varchar(20), doc jsonb, big bigint, small int)");
        }
    }

    @Test
    void everyTypeRoundTrips() throws Exception {
        UUID id = UUID.fromString("1d28d258-2508-36fb-8000-00000000abcd");
        Instant at = Instant.parse("2026-11-30T23:59:59.123456Z");
        try (Connection c = database.open()) {
            c.createStatement().execute("TRUNCATE t");
            try (CopyBinary rows = CopyBinary.start(c, COPY, 9)) {
                rows.startRow().uuid(id).timestamp(at).date(LocalDate.of(2026, 11, 1)).decimal(new BigDecimal("0.010000"))
                        .decimal(new BigDecimal("0.000120")).text("tab\there\nnewline é")
                        .jsonb("{\"k\": \"ü\\n\"}").int8(Long.MIN_VALUE).int4(-7);
                rows.startRow().uuid(null).timestamp(Instant.parse("1999-12-31T23:59:59.999999Z"))
                        .date(LocalDate.of(1970, 1, 1)).decimal(new BigDecimal("-12345678901234.567891"))
                        .decimal(BigDecimal.ZERO).text(null).jsonb(null).int8(0).int4(Integer.MAX_VALUE);
                rows.startRow().nul().nul().nul().decimal(new BigDecimal("1E+3"))
                        .decimal(new BigDecimal("9999.9999994")).text("").jsonb("[]").int8(42).nul();
                assertThat(rows.finish()).isEqualTo(3);
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id, at, day, amount::text, price::text, "
                    + "name, doc::text, big, small FROM t ORDER BY n")) {
                rs.next();
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(id);
                assertThat(rs.getObject(2, OffsetDateTime.class).toInstant()).isEqualTo(at);
                assertThat(rs.getObject(3, LocalDate.class)).isEqualTo(LocalDate.of(2026, 11, 1));
                assertThat(rs.getString(4)).isEqualTo("0.010000");
                assertThat(rs.getString(5)).isEqualTo("0.000120");
                assertThat(rs.getString(6)).isEqualTo("tab\there\nnewline é");
                assertThat(rs.getString(7)).isEqualTo("{\"k\": \"ü\\n\"}");
                assertThat(rs.getLong(8)).isEqualTo(Long.MIN_VALUE);
                assertThat(rs.getInt(9)).isEqualTo(-7);
                rs.next();
                assertThat(rs.getObject(1)).isNull();
                assertThat(rs.getObject(2, OffsetDateTime.class))
                        .isEqualTo(OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC));
                assertThat(rs.getObject(3, LocalDate.class)).isEqualTo(LocalDate.EPOCH);
                assertThat(rs.getString(4)).isEqualTo("-12345678901234.567891");
                assertThat(rs.getString(5)).isEqualTo("0.000000");
                assertThat(rs.getObject(6)).isNull();
                assertThat(rs.getObject(7)).isNull();
                assertThat(rs.getInt(9)).isEqualTo(Integer.MAX_VALUE);
                rs.next();
                assertThat(rs.getObject(2)).isNull();
                assertThat(rs.getString(4)).isEqualTo("1000.000000");
                // The column's scale rounds, as it does for text input.
                assertThat(rs.getString(5)).isEqualTo("9999.999999");
                assertThat(rs.getString(6)).isEmpty();
                assertThat(rs.getObject(9)).isNull();
            }
        }
    }

    @Test
    void numbersOfEveryScaleSignAndSizeComeBackExactly() throws Exception {
        Random random = new Random(7);
        List<BigDecimal> values = new ArrayList<>(List.of(BigDecimal.ZERO, new BigDecimal("0.000000"),
                new BigDecimal("-0.000001"), new BigDecimal("9999"), new BigDecimal("10000"), new BigDecimal("1E+7"),
                new BigDecimal("4503599627370495"), new BigDecimal("4503599627370496.5"),
                new BigDecimal("123456789012345678901234567890.123456789")));
        for (int i = 0; i < 3000; i++) {
            BigInteger unscaled = new BigInteger(1 + random.nextInt(80), random);
            values.add(new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), random.nextInt(13)));
        }
        try (Connection c = database.open()) {
            c.createStatement().execute("CREATE TEMP TABLE nums (n int, v numeric)");
            try (CopyBinary rows = CopyBinary.start(c, "COPY nums (n, v) FROM STDIN (FORMAT binary)", 2)) {
                for (int i = 0; i < values.size(); i++) {
                    rows.startRow().int4(i).decimal(values.get(i));
                }
                assertThat(rows.finish()).isEqualTo(values.size());
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT n, v::text FROM nums ORDER BY n")) {
                while (rs.next()) {
                    BigDecimal sent = values.get(rs.getInt(1));
                    assertThat(rs.getString(2)).as("sent %s", sent)
                            .isEqualTo(sent.scale() < 0 ? sent.setScale(0).toPlainString() : sent.toPlainString());
                }
            }
        }
    }

    @Test
    void theDatabaseRefusesAValueBeyondTheColumnAsItWouldText() throws Exception {
        try (Connection c = database.open()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> {
                try (CopyBinary rows = CopyBinary.start(c, COPY, 9)) {
                    rows.startRow().nul().nul().nul().nul().decimal(new BigDecimal("12345.5")).nul().nul().nul().nul();
                    rows.finish();
                }
            }).isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22003");
            c.rollback();
            // The connection is usable again after the rollback.
            try (CopyBinary rows = CopyBinary.start(c, COPY, 9)) {
                rows.startRow().nul().nul().nul().nul().nul().text("after").nul().nul().nul();
                assertThat(rows.finish()).isEqualTo(1);
            }
            c.commit();
        }
    }

    @Test
    void aRowWithTheWrongNumberOfColumnsFailsBeforeItIsSentAndTheCopyIsCancelled() throws Exception {
        try (Connection c = database.open()) {
            c.setAutoCommit(false);
            try (CopyBinary rows = CopyBinary.start(c, COPY, 9)) {
                rows.startRow().int4(1).int4(2);
                assertThatThrownBy(rows::startRow).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("has 2 of its 9 columns");
            }
            c.rollback();
            try (CopyBinary rows = CopyBinary.start(c, COPY, 1)) {
                assertThatThrownBy(() -> rows.startRow().int4(1).int4(2)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("more than its 1 columns");
            }
            c.rollback();
        }
    }

    @Test
    void doublesRoundTripBitForBit() throws Exception {
        double[] values = {0.0, -0.0, 1.5, -273.15, 0.1 + 0.2, Double.MAX_VALUE, Double.MIN_VALUE, 1234567.0};
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE f (n int, v float8)");
            try (CopyBinary rows = CopyBinary.start(c, "COPY f (n, v) FROM STDIN (FORMAT binary)", 2)) {
                for (int i = 0; i < values.length; i++) {
                    rows.startRow().int4(i).float8(values[i]);
                }
                assertThat(rows.finish()).isEqualTo(values.length);
            }
            List<Double> back = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT v FROM f ORDER BY n")) {
                while (rs.next()) {
                    back.add(rs.getDouble(1));
                }
            }
            assertThat(back).containsExactly(Arrays.stream(values).boxed().toArray(Double[]::new));
        }
    }

    @Test
    void rowsAcrossManyChunksAndAValueLargerThanAChunkArriveWhole() throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            values.add(i == 7_777 ? "z".repeat(200_000) : "row " + i + " " + "é".repeat(i % 50));
        }
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE many (n int, v text, w bigint)");
            try (CopyBinary rows = CopyBinary.start(c, "COPY many (n, v, w) FROM STDIN (FORMAT binary)", 3)) {
                for (int i = 0; i < values.size(); i++) {
                    rows.startRow().int4(i).text(values.get(i)).int8(-i);
                }
                assertThat(rows.finish()).isEqualTo(values.size());
            }
            List<String> back = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT v, w FROM many ORDER BY n")) {
                while (rs.next()) {
                    assertThat(rs.getLong(2)).isEqualTo(-back.size());
                    back.add(rs.getString(1));
                }
            }
            assertThat(back).containsExactlyElementsOf(values);
        }
    }
}
