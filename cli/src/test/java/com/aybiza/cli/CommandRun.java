package com.aybiza.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * One {@code aybiza} command run in this JVM, as {@code bin/aybiza} would run it, with what it printed: for tests of
 * the commands' output and exit status ({@link CommandProcess} runs one in a child process instead).
 */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AybizaCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    /** Everything printed, standard output first. */
    String all() {
        return out + err;
    }
}
