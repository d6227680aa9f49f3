package com.aybiza.sql;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
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
        return connect(credentials());
    }

    /**
     * A connection whose connect, login and every socket read give up after {@code timeout}, for callers that must
     * not hang on a database that stopped answering (a streaming task). Timeouts set in the URL win.
     */
    public Connection open(Duration timeout) throws SQLException {
        Properties props = credentials();
        String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        props.setProperty("socketTimeout", seconds);
        return connect(props);
    }

    /**
     * Through pgJDBC's driver itself, not DriverManager: inside a Flink task the driver lives in the job's class
     * loader, which DriverManager may not see after a failover reloads it.
     */
    private Connection connect(Properties props) throws SQLException {
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl, props);
        if (connection == null) {
            throw new SQLException("pgJDBC does not accept the URL " + this);
        }
        return connection;
    }

    private Properties credentials() {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }

    @Override
    public String toString() {
        // Never print a password, wherever it came from.
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***") + (user != null ? " as " + user : "");
    }
}
