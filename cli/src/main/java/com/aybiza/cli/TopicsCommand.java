package com.aybiza.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** bin/aybiza topics: the platform's Kafka topics on a real cluster; {@code topics create} makes them. */
@Command(name = "topics", mixinStandardHelpOptions = true, subcommands = TopicsCreateCommand.class,
        description = "Manages the platform's Kafka topics (see 'topics create').")
final class TopicsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // No subcommand: say what there is rather than doing nothing silently.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
