package com.aybiza.cli;

import com.aybiza.sql.Passwords;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a user sees when a command fails: the message and its causes, one line each, with no password in them and no
 * stack trace (AYBIZA_DEBUG=1 adds the trace, see {@link AybizaCommand}). Messages from libraries and from child
 * processes may quote a URL as given, or a broker's log with its stack traces: both are filtered here, in one place,
 * rather than trusted to every command.
 */
final class ErrorReport {

    /** A line of a Java stack trace ("at a.b.C.m(C.java:1)", "... 5 more") or of a Node one ("at f (file:1:2)"). */
    private static final Pattern STACK_LINE = Pattern.compile("^\\s*(at \\S.*|\\.\\.\\. \\d+ more|Caused by: .*)$");

    private final List<String> secrets;

    /** {@code args}: the command line, whose --password value is hidden wherever it appears; so is AYBIZA_DB_PASSWORD. */
    ErrorReport(String[] args) {
        this.secrets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--password") && i + 1 < args.length) {
                secrets.add(args[i + 1]);
            } else if (args[i].startsWith("--password=")) {
                secrets.add(args[i].substring("--password=".length()));
            }
        }
        String fromEnvironment = System.getenv("AYBIZA_DB_PASSWORD");
        if (fromEnvironment != null) {
            secrets.add(fromEnvironment);
        }
        secrets.removeIf(String::isEmpty);
    }

    /** The failure and its causes, one per line, as the user should see it. */
    String describe(Throwable e) {
        StringBuilder message = new StringBuilder(firstMessage(e));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String text = causeText(cause);
            if (text != null && !message.toString().contains(text)) {
                message.append("\n  caused by: ").append(text);
            }
        }
        return clean(message.toString());
    }

    /** Any text on its way to the terminal: passwords masked, stack-trace lines dropped. */
    String clean(String text) {
        String masked = Passwords.redact(text);
        for (String secret : secrets) {
            masked = masked.replace(secret, Passwords.MASK);
        }
        StringBuilder kept = new StringBuilder();
        for (String line : masked.split("\n", -1)) {
            if (!STACK_LINE.matcher(line).matches()) {
                kept.append(kept.length() > 0 ? "\n" : "").append(line);
            }
        }
        return kept.toString().stripTrailing();
    }

    private static String firstMessage(Throwable e) {
        String text = causeText(e);
        return text != null ? text : e.getClass().getSimpleName();
    }

    /** An unknown host says so: the JDK's message is the bare host name, which reads like no reason at all. */
    private static String causeText(Throwable cause) {
        if (cause instanceof UnknownHostException) {
            return "unknown host: " + cause.getMessage() + " (no address found for this name)";
        }
        if (cause instanceof UnresolvedAddressException) {
            return "unknown host (no address found for the name)";
        }
        return cause.getMessage();
    }
}
