package com.aybiza.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A list of figures, each as the ledger has it and as found, printed as a table; OK when every one agrees. */
final class Reconciliation {

    record Line(String what, String expected, String found, boolean agrees) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void compare(String what, BigDecimal expected, BigDecimal found) {
        lines.add(new Line(what, expected.toPlainString(), found.toPlainString(), expected.compareTo(found) == 0));
    }

    void compare(String what, long expected, long found) {
        lines.add(new Line(what, Long.toString(expected), Long.toString(found), expected == found));
    }

    void compare(String what, String expected, String found) {
        lines.add(new Line(what, expected, found, Objects.equals(expected, found)));
    }

    void note(String note) {
        notes.add(note);
    }

    boolean ok() {
        return lines.stream().allMatch(Line::agrees);
    }

    List<Line> differences() {
        return lines.stream().filter(l -> !l.agrees()).toList();
    }

    void print(PrintWriter out) {
        int width = Math.max(20, lines.stream().mapToInt(l -> l.what().length()).max().orElse(20));
        String format = "%-" + width + "s  %22s  %22s  %s%n";
        out.printf(format, "FIGURE", "LEDGER", "STORED", "");
        for (Line l : lines) {
            out.printf(format, l.what(), l.expected(), l.found(), l.agrees() ? "ok" : "DIFFERS");
        }
        notes.forEach(n -> out.println("note: " + n));
        List<Line> differences = differences();
        if (differences.isEmpty()) {
            out.println("reconcile: OK (" + lines.size() + " figures agree)");
        } else {
            out.println("reconcile: " + differences.size() + " of " + lines.size() + " figures differ:");
            differences.forEach(d -> out.println("  " + d.what() + ": ledger " + d.expected() + ", stored "
                    + d.found()));
        }
    }
}
