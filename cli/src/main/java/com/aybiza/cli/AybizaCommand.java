package com.aybiza.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** bin/aybiza: the one entry point; each task of the platform is a subcommand. */
@Command(name = "aybiza",
        mixinStandardHelpOptions = true,
        version = "aybiza 0.1.0",
        description = "Streaming analytics backbone of the AYBIZA voice-agent platform.",
        subcommands = {
            MigrateCommand.class,
            PartitionsCommand.class,
            RefreshAggregatesCommand.class,
            GenerateCommand.class,
            KafkaCommand.class,
            DynamoDbCommand.class,
            JobsCommand.class,
            ReconcileCommand.class,
            BenchCommand.class,
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
            commandLine.getErr().println("aybiza " + commandLine.getCommandName() + ": " + describe(e));
            if (System.getenv("AYBIZA_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }

    private static String describe(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append("\n  caused by: ").append(cause.getMessage());
            }
        }
        return message.toString();
    }
}
