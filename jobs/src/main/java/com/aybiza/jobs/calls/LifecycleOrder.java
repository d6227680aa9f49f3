package com.aybiza.jobs.calls;

import com.aybiza.events.CallStatus;
import com.aybiza.events.CallStatuses;
import com.aybiza.events.ToolExecutionStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The rule by which a stored lifecycle only moves forward, whatever order its events arrive in: the one place it is
 * written, for the Java side (reducing a batch, picking a call's final event) and, as {@link #sqlBeats}, for the
 * upserts, so both always agree.
 *
 * <p>A status of a higher rank beats a lower one (a call: initiated &lt; ringing &lt; answered &lt; any final
 * status). Among final statuses the later end wins (end_time, completed_at; none counts as earliest), then the greater
 * status name (bytewise, as {@code COLLATE "C"}): a call reported both failed and completed ends one way on every
 * replay. Anything else is a tie, and a tie never replaces what is stored: the same status twice means, by the
 * contract, the same event_id, and for one id with other content the pipeline's rule is that the first stands.
 * The order is a strict weak order (rank, then for final statuses end and name), so the event that wins among a
 * set does not depend on the order they come in.
 */
public final class LifecycleOrder {

    /** Calls, over {@code call_analytics.calls.status} values (with {@code no-answer} spelled as stored). */
    public static final LifecycleOrder CALL = new LifecycleOrder("end_time", callRanks());

    /** Tool executions, over {@code agent_intelligence.tool_executions.status} values. */
    public static final LifecycleOrder TOOL_EXECUTION = new LifecycleOrder("completed_at", Map.of(
            ToolExecutionStatus.pending.name(), 0, ToolExecutionStatus.running.name(), 1,
            ToolExecutionStatus.completed.name(), 2, ToolExecutionStatus.failed.name(), 2));

    private static final Comparator<Instant> EARLIEST_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    private final String endColumn;
    private final Map<String, Integer> ranks;
    private final int finalRank;

    private LifecycleOrder(String endColumn, Map<String, Integer> ranks) {
        this.endColumn = endColumn;
        this.ranks = Map.copyOf(ranks);
        this.finalRank = ranks.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private static Map<String, Integer> callRanks() {
        Map<String, Integer> ranks = new LinkedHashMap<>();
        for (CallStatus status : CallStatus.values()) {
            ranks.put(CallStatuses.toDatabaseValue(status), switch (status) {
                case initiated -> 0;
                case ringing -> 1;
                case answered -> 2;
                case completed, busy, failed, no_answer, cancelled -> 3;
            });
        }
        return ranks;
    }

    public int rank(String status) {
        Integer rank = ranks.get(status);
        if (rank == null) {
            throw new IllegalArgumentException("'" + status + "' is not one of " + ranks.keySet());
        }
        return rank;
    }

    /** True for a status after which the lifecycle has ended (a call's terminal statuses; completed, failed). */
    public boolean isFinal(String status) {
        return rank(status) == finalRank;
    }

    /** Whether an event with {@code status} and {@code end} replaces what is stored ({@code storedStatus}, ...). */
    public boolean beats(String status, Instant end, String storedStatus, Instant storedEnd) {
        int rank = rank(status);
        int stored = rank(storedStatus);
        if (rank != stored) {
            return rank > stored;
        }
        if (rank != finalRank) {
            return false;
        }
        int byEnd = EARLIEST_FIRST.compare(end, storedEnd);
        return byEnd != 0 ? byEnd > 0 : status.compareTo(storedStatus) > 0;
    }

    /**
     * {@link #beats} as an SQL condition on two rows that have the table's {@code status} and end column, e.g.
     * {@code sqlBeats("EXCLUDED", "c")} in an {@code ON CONFLICT ... DO UPDATE ... WHERE}. A status the rule does not
     * know has no rank, and never beats nor is beaten.
     */
    public String sqlBeats(String row, String stored) {
        String rank = sqlRank(row + ".status");
        String storedRank = sqlRank(stored + ".status");
        return ("(%1$s > %2$s OR (%1$s = %2$s AND %1$s = %3$d"
                + " AND (COALESCE(%4$s.%6$s, '-infinity'::timestamptz), %4$s.status COLLATE \"C\")"
                + " > (COALESCE(%5$s.%6$s, '-infinity'::timestamptz), %5$s.status COLLATE \"C\")))")
                .formatted(rank, storedRank, finalRank, row, stored, endColumn);
    }

    /** The rank of {@code statusExpression} as an SQL CASE, NULL for a status the rule does not know. */
    public String sqlRank(String statusExpression) {
        StringJoiner sql = new StringJoiner(" ", "CASE " + statusExpression + " ", " END");
        ranks.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .forEach(r -> sql.add("WHEN '" + r.getKey() + "' THEN " + r.getValue()));
        return sql.toString();
    }
}
