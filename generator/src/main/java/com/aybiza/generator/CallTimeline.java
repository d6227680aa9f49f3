package com.aybiza.generator;

import com.aybiza.events.CallStatus;
import java.util.SplittableRandom;

/**
 * When each step of one call happens, drawn once when the call starts: a small sorted table of (time, kind, param)
 * rows, so that an in-flight call costs a few hundred bytes however many events it will still produce.
 */
final class CallTimeline {

    enum Kind {
        INITIATED, RINGING, VOICE_SECURITY, ANSWERED, SESSION_USAGE, MINUTE_USAGE, PROMPT_INJECTION, TOOL_STARTED,
        TOOL_FINISHED, TOOL_USAGE, ENDED, FINAL_MINUTES_USAGE, TOKENS_USAGE, STORAGE_USAGE, CORRECTION,
        TEST_CALL_VOID, DISPUTE_VOID, TURN
    }

    /** Param of a {@link Kind#TEST_CALL_VOID}: which of the call's charges it voids. */
    static final int SESSION = 0;
    static final int FINAL_MINUTES = 1;

    private static final Kind[] KINDS = Kind.values();
    private static final long SECOND = 1_000_000L;
    /** Completed calls whose final minutes the carrier's reconciliation corrects. */
    private static final double CORRECTED_SHARE = 0.06;
    /** Of those corrected, the share the tenant disputes and gets refunded (a test call is voided already). */
    private static final double DISPUTED_SHARE = 0.25;
    /** Completed calls that the tenant's QA team placed: their session and final minutes are voided. */
    private static final double TEST_CALL_SHARE = 0.04;

    private long[] times = new long[16];
    private byte[] kinds = new byte[16];
    private int[] params = new int[16];
    private int size;
    private long lastMicros = Long.MIN_VALUE;

    private final CallStatus outcome;
    private final long answerMicros;
    private final long endMicros;
    private final int talkSeconds;
    private final int fullMinutes;
    private final int tokens;
    private final long recordingBytes;

    private CallTimeline(CallStatus outcome, long answerMicros, long endMicros, int talkSeconds, int tokens,
                         long recordingBytes) {
        this.outcome = outcome;
        this.answerMicros = answerMicros;
        this.endMicros = endMicros;
        this.talkSeconds = talkSeconds;
        this.fullMinutes = outcome == CallStatus.completed ? (talkSeconds - 1) / 60 : 0;
        this.tokens = tokens;
        this.recordingBytes = recordingBytes;
    }

    static CallTimeline draw(SplittableRandom random, long start, double meanCallSeconds) {
        long ringing = start + 200_000 + random.nextLong(1_000_000);
        double roll = random.nextDouble();
        CallStatus outcome = roll < 0.80 ? CallStatus.completed : roll < 0.85 ? CallStatus.busy
                : roll < 0.91 ? CallStatus.no_answer : roll < 0.95 ? CallStatus.failed : CallStatus.cancelled;
        CallTimeline timeline;
        if (outcome == CallStatus.completed) {
            long answer = ringing + 2 * SECOND + random.nextLong(6 * SECOND);
            int talk = (int) Math.min(600, Math.max(5, Math.round(-meanCallSeconds * Math.log(1 - random.nextDouble()))));
            long end = answer + talk * SECOND;
            int tokens = talk * (8 + random.nextInt(13));
            long recording = random.nextDouble() < 0.8 ? talk * 16_000L : 0;
            timeline = new CallTimeline(outcome, answer, end, talk, tokens, recording);
        } else {
            long end = ringing + switch (outcome) {
                case busy -> 2 * SECOND + random.nextLong(3 * SECOND);
                case no_answer -> 20 * SECOND + random.nextLong(10 * SECOND);
                case failed -> SECOND + random.nextLong(2 * SECOND);
                default -> 3 * SECOND + random.nextLong(12 * SECOND);
            };
            timeline = new CallTimeline(outcome, 0, end, 0, 0, 0);
        }
        timeline.add(start, Kind.INITIATED, 0);
        timeline.add(ringing, Kind.RINGING, 0);
        if (random.nextDouble() < 0.005) {
            timeline.add(ringing + 100_000, Kind.VOICE_SECURITY, 0);
        }
        if (outcome == CallStatus.completed) {
            timeline.addConversation(random);
        }
        timeline.add(timeline.endMicros, Kind.ENDED, 0);
        if (outcome == CallStatus.completed) {
            timeline.addClosingUsage(random);
        }
        return timeline;
    }

    private void addConversation(SplittableRandom random) {
        add(answerMicros, Kind.ANSWERED, 0);
        add(answerMicros + 1, Kind.SESSION_USAGE, 0);
        // Billing runs per started minute: a segment event at each full minute, the last partial one at the end.
        for (int minute = 1; minute <= fullMinutes; minute++) {
            add(answerMicros + minute * 60 * SECOND, Kind.MINUTE_USAGE, minute);
        }
        if (random.nextDouble() < 0.01) {
            add(answerMicros + random.nextLong(Math.max(1, endMicros - answerMicros)), Kind.PROMPT_INJECTION, 0);
        }
        // The edge reports each turn as it ends, evenly spread over the talk time, the last just before hang-up.
        int turns = turnCount();
        for (int turn = 0; turn < turns; turn++) {
            add(turnEndMicros(turn), Kind.TURN, turn);
        }
    }

    /** How many turns a completed call has: one per 8 s of talk, at least one. */
    int turnCount() {
        return Math.max(1, talkSeconds / 8);
    }

    /** When turn {@code turn} ends: the talk time split evenly, a millisecond before each share's end. */
    long turnEndMicros(int turn) {
        return answerMicros + (turn + 1) * (endMicros - answerMicros) / turnCount() - 1_000;
    }

    private void addClosingUsage(SplittableRandom random) {
        add(endMicros + 1, Kind.FINAL_MINUTES_USAGE, fullMinutes + 1);
        add(endMicros + 2, Kind.TOKENS_USAGE, 0);
        if (recordingBytes > 0) {
            add(endMicros + 3, Kind.STORAGE_USAGE, 0);
        }
        // Fixes follow the call by seconds (the carrier's CDR and the QA tooling report at hang-up), so that even a
        // short run shows them, each with the charge it fixes. The correction and a test call's void come in either
        // order: the billing rule gives 0 both ways.
        boolean testCall = random.nextDouble() < TEST_CALL_SHARE;
        if (random.nextDouble() < CORRECTED_SHARE) {
            long corrected = endMicros + fixDelay(random);
            add(corrected, Kind.CORRECTION, 0);
            if (!testCall && random.nextDouble() < DISPUTED_SHARE) {
                add(corrected + fixDelay(random), Kind.DISPUTE_VOID, 0);
            }
        }
        if (testCall) {
            long flagged = endMicros + fixDelay(random);
            add(flagged, Kind.TEST_CALL_VOID, SESSION);
            add(flagged + 1, Kind.TEST_CALL_VOID, FINAL_MINUTES);
        }
    }

    /** Half a second to two and a half seconds. */
    private static long fixDelay(SplittableRandom random) {
        return SECOND / 2 + random.nextLong(2 * SECOND);
    }

    /** Adds the steps of the call's tool executions and puts every step in time order. */
    void addToolSteps(ToolCalls tools) {
        for (int i = 0; i < tools.count(); i++) {
            add(tools.startMicros(i), Kind.TOOL_STARTED, i);
            add(tools.finishMicros(i), Kind.TOOL_FINISHED, i);
            if (tools.succeeded(i)) {
                add(tools.finishMicros(i) + 1, Kind.TOOL_USAGE, i);
            }
        }
        sort();
    }

    private void add(long time, Kind kind, int param) {
        if (size == times.length) {
            times = java.util.Arrays.copyOf(times, size * 2);
            kinds = java.util.Arrays.copyOf(kinds, size * 2);
            params = java.util.Arrays.copyOf(params, size * 2);
        }
        times[size] = time;
        lastMicros = Math.max(lastMicros, time);
        kinds[size] = (byte) kind.ordinal();
        params[size] = param;
        size++;
    }

    /** Insertion sort, stable: a call has a few dozen steps at most, mostly in order already. */
    private void sort() {
        for (int i = 1; i < size; i++) {
            long t = times[i];
            byte k = kinds[i];
            int p = params[i];
            int j = i - 1;
            while (j >= 0 && times[j] > t) {
                times[j + 1] = times[j];
                kinds[j + 1] = kinds[j];
                params[j + 1] = params[j];
                j--;
            }
            times[j + 1] = t;
            kinds[j + 1] = k;
            params[j + 1] = p;
        }
    }

    int size() {
        return size;
    }

    /** The time of the call's last step (also before the steps are sorted). */
    long lastMicros() {
        return lastMicros;
    }

    long timeOf(int step) {
        return times[step];
    }

    Kind kindOf(int step) {
        return KINDS[kinds[step]];
    }

    int paramOf(int step) {
        return params[step];
    }

    CallStatus outcome() {
        return outcome;
    }

    boolean answered() {
        return outcome == CallStatus.completed;
    }

    long answerMicros() {
        return answerMicros;
    }

    long endMicros() {
        return endMicros;
    }

    int talkSeconds() {
        return talkSeconds;
    }

    int lastSegmentSeconds() {
        return talkSeconds - fullMinutes * 60;
    }

    int tokens() {
        return tokens;
    }

    long recordingBytes() {
        return recordingBytes;
    }
}
