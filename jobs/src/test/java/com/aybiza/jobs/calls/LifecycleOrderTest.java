package com.aybiza.jobs.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LifecycleOrderTest {

    private static final LifecycleOrder CALL = LifecycleOrder.CALL;
    private static final Instant T = Instant.parse("2026-11-30T10:00:00.123456Z");

    private record Event(String status, Instant end) {
    }

    @Test
    void aCallMovesForwardThroughItsRanksAndNeverBack() {
        assertThat(CALL.beats("ringing", null, "initiated", null)).isTrue();
        assertThat(CALL.beats("answered", null, "ringing", null)).isTrue();
        assertThat(CALL.beats("completed", T, "answered", null)).isTrue();
        assertThat(CALL.beats("busy", T, "initiated", null)).isTrue();

        assertThat(CALL.beats("ringing", null, "completed", T)).as("a late ringing after completed").isFalse();
        assertThat(CALL.beats("initiated", null, "answered", null)).isFalse();
        assertThat(CALL.beats("answered", null, "no-answer", T)).isFalse();
    }

    @Test
    void theSameStatusAgainIsNoAdvance() {
        assertThat(CALL.beats("answered", null, "answered", null)).isFalse();
        assertThat(CALL.beats("completed", T, "completed", T)).isFalse();
    }

    @Test
    void betweenFinalStatusesTheLaterEndWinsThenTheGreaterName() {
        assertThat(CALL.beats("failed", T.plusMillis(1), "completed", T)).isTrue();
        assertThat(CALL.beats("completed", T, "failed", T.plusMillis(1))).isFalse();
        // Same end: bytewise name order, 'no-answer' > 'failed' > 'completed' > 'cancelled' > 'busy'.
        assertThat(CALL.beats("failed", T, "completed", T)).isTrue();
        assertThat(CALL.beats("completed", T, "failed", T)).isFalse();
        assertThat(CALL.beats("no-answer", T, "failed", T)).isTrue();
        // A final status without an end counts as ended earliest.
        assertThat(CALL.beats("busy", T, "cancelled", null)).isTrue();
        assertThat(CALL.beats("completed", T, "completed", T.minusSeconds(1))).as("one status, a later end").isTrue();
    }

    @Test
    void theWinnerOfASetDoesNotDependOnTheOrderItsEventsComeIn() {
        List<Event> events = new ArrayList<>(List.of(new Event("initiated", null), new Event("ringing", null),
                new Event("answered", null), new Event("completed", T.plusSeconds(60)),
                new Event("failed", T.plusSeconds(30)), new Event("busy", T.plusSeconds(60)),
                new Event("ringing", null)));
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            Collections.shuffle(events, random);
            Event held = events.get(0);
            for (Event e : events.subList(1, events.size())) {
                if (CALL.beats(e.status(), e.end(), held.status(), held.end())) {
                    held = e;
                }
            }
            assertThat(held).isEqualTo(new Event("completed", T.plusSeconds(60)));
        }
    }

    @Test
    void aToolExecutionMovesFromStartedToItsOutcomeOnly() {
        LifecycleOrder tool = LifecycleOrder.TOOL_EXECUTION;
        assertThat(tool.beats("running", null, "pending", null)).isTrue();
        assertThat(tool.beats("completed", T, "running", null)).isTrue();
        assertThat(tool.beats("running", null, "completed", T)).as("a late started after completed").isFalse();
        assertThat(tool.beats("failed", T.plusMillis(1), "completed", T)).isTrue();
        assertThat(tool.isFinal("failed")).isTrue();
        assertThat(tool.isFinal("running")).isFalse();
    }

    @Test
    void finalStatusesAreTheTerminalOnes() {
        assertThat(List.of("completed", "busy", "failed", "no-answer", "cancelled")).allMatch(CALL::isFinal);
        assertThat(List.of("initiated", "ringing", "answered")).noneMatch(CALL::isFinal);
        assertThatThrownBy(() -> CALL.rank("no_answer")).hasMessageContaining("'no_answer' is not one of");
    }

    @Test
    void theSqlRankListsEveryStatusOnce() {
        assertThat(CALL.sqlRank("c.status")).isEqualTo("CASE c.status WHEN 'initiated' THEN 0 WHEN 'ringing' THEN 1 "
                + "WHEN 'answered' THEN 2 WHEN 'busy' THEN 3 WHEN 'cancelled' THEN 3 WHEN 'completed' THEN 3 "
                + "WHEN 'failed' THEN 3 WHEN 'no-answer' THEN 3 END");
    }
}
