package com.aybiza.sql;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a PostgreSQL database is and how to log in. The user and password may also sit in the JDBC URL
 * ({@code ?user=U&password=P}); explicit values win over the URL's. Serializable, so a Flink operator can carry it
 * to the task that opens the connection.
 */
public record DatabaseSettings(String jdbcUrl, String user, String password) implements Serializable {

    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "expected a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/aybiza?user=U&password=P, got: "
                            + jdbcUrl);
        }
    }

    public static DatabaseSettings of(String jdbcUrl) {
        return new DatabaseSettings(jdbcUrl, null, null);
    }

    public Connection open() throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, props);
    }

    @Override
    public String toString() {
        // Never print a password, wherever it came from.
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***") + (user != null ? " as " + user : "");
    }
}
