package com.aybiza.sql;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Where a PostgreSQL database is and how to log in. The user and password may also sit in the JDBC URL
 * ({@code ?user=U&password=P}); where both are given, pgJDBC lets the URL's win. Serializable, so a Flink operator can carry it
 * to the task that opens the connection.
 */
public record DatabaseSettings(String jdbcUrl, String user, String password) implements Serializable {

    private static final Driver DRIVER = new Driver();

    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "expected a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/aybiza?user=U&password=P, got: "
                            + Passwords.redact(jdbcUrl));
        }
    }

    public static DatabaseSettings of(String jdbcUrl) {
        return new DatabaseSettings(jdbcUrl, null, null);
    }

    public Connection open() throws SQLException {
        return connect(credentials());
    }

    /**
     * A connection whose connect and login give up after {@code timeout}, and whose socket reads after twice that,
     * for callers that must not hang on a database that stopped answering (a streaming task). A statement timeout of
     * {@code timeout} then cancels a slow query cleanly before the socket gives up. Timeouts set in the URL win.
     */
    public Connection open(Duration timeout) throws SQLException {
        Properties props = credentials();
        long seconds = Math.max(1, timeout.toSeconds());
        props.setProperty("connectTimeout", Long.toString(seconds));
        props.setProperty("loginTimeout", Long.toString(seconds));
        props.setProperty("socketTimeout", Long.toString(2 * seconds));
        return connect(props);
    }

    /**
     * Through pgJDBC's driver itself, not DriverManager: inside a Flink task the driver lives in the job's class
     * loader, which DriverManager may not see after a failover reloads it. (On a cluster, pgJDBC belongs in Flink's
     * lib/ all the same: its class registers itself with DriverManager, which pins each job class loader it was
     * loaded by.)
     */
    private Connection connect(Properties props) throws SQLException {
        Connection connection = DRIVER.connect(jdbcUrl, props);
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
        return Passwords.redact(jdbcUrl) + (user != null ? " as " + user : "");
    }
}
