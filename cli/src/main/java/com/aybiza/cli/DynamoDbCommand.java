package com.aybiza.cli;

import com.aybiza.embedded.DynaliteServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** bin/aybiza dynamodb: a DynamoDB-compatible server (dynalite) on this machine, until Ctrl-C; for local runs. */
@Command(name = "dynamodb", mixinStandardHelpOptions = true, subcommands = DynamoDbInitCommand.class,
        description = "Runs a DynamoDB-compatible server (dynalite, Node.js) on 127.0.0.1 until interrupted (Ctrl-C). "
                + "Point the AWS SDK at it with an endpoint override, any region and any static credentials.")
final class DynamoDbCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8000", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", description = "keep the tables here across runs (default: in memory)")
    Path dataDir;

    @Option(names = "--server-dir", defaultValue = "${sys:aybiza.project.dir:-.}/embedded-services/dynalite",
            description = "where server.mjs and its node_modules are (default: the project's, ${DEFAULT-VALUE})")
    Path serverDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (DynaliteServer server = DynaliteServer.start(serverDir, port, Optional.ofNullable(dataDir),
                Duration.ofMillis(500))) {
            out.printf("dynamodb: ready at %s (%s); Ctrl-C stops it%n", server.endpoint(),
                    dataDir == null ? "in memory" : "tables in " + dataDir);
            out.flush();
            LocalService.runUntilInterrupted(server, "dynamodb");
        }
        return 0;
    }
}
