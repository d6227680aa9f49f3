package com.aybiza.cli;

import com.aybiza.sql.DatabaseSettings;
import picocli.CommandLine.Option;

/**
 * The database options every database command shares. Each falls back to an environment variable, so that
 * credentials need not appear on a command line: AYBIZA_JDBC_URL, AYBIZA_DB_USER, AYBIZA_DB_PASSWORD.
 */
final class DatabaseOptions {

    @Option(names = "--jdbc-url", required = true, defaultValue = "${env:AYBIZA_JDBC_URL}",
            description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/aybiza?user=U&password=P "
                    + "(env AYBIZA_JDBC_URL)")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "${env:AYBIZA_DB_USER}",
            description = "database user, if not in the URL (env AYBIZA_DB_USER)")
    String user;

    @Option(names = "--password", defaultValue = "${env:AYBIZA_DB_PASSWORD}", interactive = false,
            description = "database password, if not in the URL (env AYBIZA_DB_PASSWORD)")
    String password;

    DatabaseSettings settings() {
        return new DatabaseSettings(jdbcUrl, user, password);
    }
}
