package com.aybiza.sinks.postgres;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a connection to the database a sink writes into. Passed in rather than built from a URL inside the sink, so
 * the sink's logic can be driven by tests and any pool or credential scheme can stand behind it. Each call opens a new
 * connection, owned by the caller.
 */
@FunctionalInterface
public interface ConnectionProvider extends Serializable {

    Connection open() throws SQLException;
}
