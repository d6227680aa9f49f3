package com.aybiza.cli;

import com.aybiza.events.DeadLetter;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * What `dead-letters` prints: the newest {@code limit} dead letters it is given, oldest first, and how many there
 * are by stage and reason. Only the shown rows are kept: a dead-letter topic holds a month of refusals.
 */
final class DeadLetterTable {

    /** The class and the gist of the message; the rest would push the source and time off any screen. */
    static final int REASON_WIDTH = 80;

    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** By time, then by source, so that letters of the same millisecond print the same way every time. */
    private static final Comparator<DeadLetter> OLDEST_FIRST = Comparator.comparing(DeadLetter::getFailedAt)
            .thenComparing(DeadLetter::getSourceTopic)
            .thenComparingInt(DeadLetter::getSourcePartition)
            .thenComparingLong(DeadLetter::getSourceOffset);

    private final int limit;
    private final PriorityQueue<DeadLetter> newest = new PriorityQueue<>(OLDEST_FIRST);
    private final Map<String, Map<String, Long>> countByStageAndReason = new TreeMap<>();

    DeadLetterTable(int limit) {
        this.limit = limit;
    }

    void add(DeadLetter letter) {
        countByStageAndReason.computeIfAbsent(letter.getFailedStage(), s -> new TreeMap<>())
                .merge(simpleName(letter.getErrorClass()), 1L, Long::sum);
        newest.add(letter);
        if (newest.size() > limit) {
            newest.poll();
        }
    }

    int shown() {
        return newest.size();
    }

    /** The rows, newest last; nothing when there are none. */
    void printRows(PrintWriter out) {
        List<DeadLetter> rows = new ArrayList<>(newest);
        rows.sort(OLDEST_FIRST);
        if (rows.isEmpty()) {
            return;
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"STAGE", "REASON", "SOURCE (topic/partition/offset)", "FAILED AT (UTC)"});
        for (DeadLetter letter : rows) {
            cells.add(new String[] {letter.getFailedStage(), reason(letter), source(letter),
                UTC_MILLIS.format(letter.getFailedAt())});
        }
        printAligned(out, cells, "");
    }

    /** How many there are (all that were added, shown or not) per stage and error class. */
    void printSummary(PrintWriter out) {
        if (countByStageAndReason.isEmpty()) {
            return;
        }
        List<String[]> cells = new ArrayList<>();
        countByStageAndReason.forEach((stage, byReason) -> byReason.forEach(
                (reason, count) -> cells.add(new String[] {stage, reason, String.valueOf(count)})));
        out.println("by stage and reason:");
        printAligned(out, cells, "  ");
    }

    /** The error's simple class name and its message on one line, cut to {@link #REASON_WIDTH}. */
    static String reason(DeadLetter letter) {
        String message = letter.getErrorMessage();
        String reason = simpleName(letter.getErrorClass())
                + (message == null || message.isBlank() ? "" : ": " + message.strip().replaceAll("\\s+", " "));
        return reason.length() <= REASON_WIDTH ? reason : reason.substring(0, REASON_WIDTH - 3) + "...";
    }

    private static String source(DeadLetter letter) {
        return letter.getSourceTopic() + "/" + letter.getSourcePartition() + "/" + letter.getSourceOffset();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static void printAligned(PrintWriter out, List<String[]> rows, String indent) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                line.append(i < row.length - 1 ? String.format("%-" + widths[i] + "s  ", row[i]) : row[i]);
            }
            out.println(line);
        }
    }
}
