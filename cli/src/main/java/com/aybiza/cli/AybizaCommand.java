package com.aybiza.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine;

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
            TopicsCommand.class,
            DynamoDbCommand.class,
            JobsCommand.class,
            ReconcileCommand.class,
            BenchCommand.class,
            BenchDynamoDbCommand.class,
            DeadLettersCommand.class,
            RedriveCommand.class,
            ServeCommand.class,
            BootstrapCommand.class,
            RewrapDataKeysCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AybizaCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * For a missing option that falls back to an environment variable, the variable to set: picocli's message names
     * only the option. Read from the option's help, which names it as {@code env NAME} (a test holds every such
     * option to that), because picocli's model holds the default with the variable already resolved.
     */
    static String environmentFallbacks(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.MissingParameterException missing)) {
            return "";
        }
        List<String> variables = new ArrayList<>();
        for (CommandLine.Model.ArgSpec arg : missing.getMissing()) {
            Matcher env = ENV_IN_HELP.matcher(String.join(" ", arg.description()));
            if (env.find()) {
                variables.add(env.group(1));
            }
        }
        return variables.isEmpty() ? "" : " (or set " + String.join(", ", variables) + ")";
    }

    private static final Pattern ENV_IN_HELP = Pattern.compile("\\benv (AYBIZA_[A-Z_]+)");

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
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + report.describe(e));
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
            commandLine.getErr().println(report.clean(e.getMessage()) + environmentFallbacks(e));
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
