package com.aybiza.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** bin/aybiza: the one entry point; each task of the platform is a subcommand. */
@Command(name = "aybiza",
        mixinStandardHelpOptions = true,
        version = "aybiza 0.1.0",
        description = "Streaming analytics backbone of the AYBIZA voice-agent platform.",
        subcommands = {
            LocalCommand.class,
            MigrateCommand.class,
            PartitionsCommand.class,
            RefreshAggregatesCommand.class,
            GenerateCommand.class,
            KafkaCommand.class,
            DynamoDbCommand.class,
            JobsCommand.class,
            ReconcileCommand.class,
            BenchCommand.class,
            BenchDynamoDbCommand.class,
            DeadLettersCommand.class,
            RedriveCommand.class,
            ServeCommand.class,
            BootstrapCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AybizaCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No subcommand: say what there is rather than doing nothing silently.
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AybizaCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // A user-facing tool prints the cause, not a stack trace; AYBIZA_DEBUG=1 shows the trace.
            ErrorReport report = new ErrorReport(parseResult.originalArgs().toArray(String[]::new));
            commandLine.getErr().println("aybiza " + commandLine.getCommandName() + ": " + report.describe(e));
            if (debug()) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            // picocli's own handler would echo a mistyped option's value, a password perhaps, and the whole usage.
            CommandLine commandLine = e.getCommandLine();
            ErrorReport report = new ErrorReport(args);
            commandLine.getErr().println(report.clean(e.getMessage()));
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, commandLine.getErr())) {
                commandLine.getErr().println("Run '" + commandLine.getCommandSpec().qualifiedName()
                        + " --help' for its options.");
            }
            if (debug()) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return commandLine.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli;
    }

    private static boolean debug() {
        return "1".equals(System.getenv("AYBIZA_DEBUG"));
    }
}
