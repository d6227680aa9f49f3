package com.aybiza.cli;

import com.aybiza.sql.SchemaMigrator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** bin/aybiza migrate: brings a database to the newest schema version; a second run changes nothing. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {
            "Creates or upgrades the platform schema (sql/migrations) in one transaction.",
            "Uses TimescaleDB hypertables, pgvector and Citus where the server offers them; "
                    + "native partitions and REAL[] embeddings otherwise."
        })
final class MigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        spec.commandLine().getOut().println(new SchemaMigrator(database.settings()).migrate());
        return 0;
    }
}
