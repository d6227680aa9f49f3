package com.aybiza.service;

import com.aybiza.sql.DatabaseSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** The service's database connections: a HikariCP pool, every connection in manual-commit mode. */
public final class ConnectionPool implements AutoCloseable {

    private final HikariDataSource dataSource;

    public ConnectionPool(DatabaseSettings database, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        if (database.user() != null) {
            config.setUsername(database.user());
        }
        if (database.password() != null) {
            config.setPassword(database.password());
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setAutoCommit(false);
        // A request waits this long for a connection before it is answered 503.
        config.setConnectionTimeout(5_000);
        config.setPoolName("aybiza-service");
        dataSource = new HikariDataSource(config);
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
