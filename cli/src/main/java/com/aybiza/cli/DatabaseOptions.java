package com.aybiza.cli;

import com.aybiza.sql.DatabaseSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The database options every database command shares. Each falls back to an environment variable, so that
 * credentials need not appear on a command line: AYBIZA_JDBC_URL, AYBIZA_DB_USER, AYBIZA_DB_PASSWORD.
 */
final class DatabaseOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--jdbc-url", defaultValue = "${env:AYBIZA_JDBC_URL}",
            description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/aybiza?user=U&password=P "
                    + "(env AYBIZA_JDBC_URL)")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "${env:AYBIZA_DB_USER}",
            description = "database user, if not in the URL (env AYBIZA_DB_USER)")
    String user;

    @Option(names = "--password", defaultValue = "${env:AYBIZA_DB_PASSWORD}", interactive = false,
            description = "database password, if not in the URL (env AYBIZA_DB_PASSWORD)")
    String password;

    /** Whether a database was named at all (it is optional for some commands, e.g. generate). */
    boolean given() {
        return jdbcUrl != null && !jdbcUrl.isBlank();
    }

    DatabaseSettings settings() {
        if (!given()) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option: '--jdbc-url' (or set AYBIZA_JDBC_URL)");
        }
        return new DatabaseSettings(jdbcUrl, user, password);
    }
}
