package com.aybiza.jobs.security;

import com.aybiza.sql.DatabaseSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A table's row count and a checksum of every column of every row: what a replay must leave unchanged. */
record SecurityTableSnapshot(long rows, String checksum) {

    static SecurityTableSnapshot of(DatabaseSettings database, SecurityTable<?> table) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'"); // row text renders times in the session's zone
            try (ResultSet rs = st.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' "
                    + "ORDER BY t::text), '')) FROM " + table.name() + " t")) {
                rs.next();
                return new SecurityTableSnapshot(rs.getLong(1), rs.getString(2));
            }
        }
    }
}
