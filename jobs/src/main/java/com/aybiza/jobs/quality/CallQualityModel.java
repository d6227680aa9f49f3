package com.aybiza.jobs.quality;

import com.aybiza.events.CallTurn;
import com.aybiza.jobs.calls.TurnSummary;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The call quality formula, version {@value #VERSION}; the README gives it in words ("Call quality scores"). Every
 * score is from 0 (bad) to 1 (good), rounded to two decimals, and only from what the call reported: a part without
 * inputs is left out and the weights of the others are scaled up, so a call is never marked down for a figure its edge
 * did not send.
 *
 * <ul>
 *   <li>responsiveness: per turn, the caller's wait (STT + LLM first token + TTS first audio) scores 1 up to
 *       {@value #RESPONSE_TARGET_MS} ms, 0 from {@value #RESPONSE_LIMIT_MS} ms, linearly between; the mean over the
 *       turns that measured it;</li>
 *   <li>flow: 1 minus twice the share of turns the caller interrupted (0 from half the turns on);</li>
 *   <li>tools: the share of tool calls that did not fail;</li>
 *   <li>agent performance = responsiveness 0.5, flow 0.25, tools 0.25;</li>
 *   <li>customer satisfaction = the caller's sentiment (-1 to 1) mapped onto 0 to 1;</li>
 *   <li>audio quality = the edge's own quality score, as sent;</li>
 *   <li>outcome: 1 unless the call failed;</li>
 *   <li>overall = agent performance 0.4, customer satisfaction 0.25, audio quality 0.15, outcome 0.2.</li>
 * </ul>
 * Compliance has no input in the event streams and stays null.
 *
 * <p>A pure function of its inputs: the same call always gets the same score, so a replay rewrites nothing, and the
 * running score of a live call is this formula over its turns so far.
 */
public final class CallQualityModel {

    public static final String VERSION = "aybiza-quality-1";

    /** A wait the caller does not notice as a pause: full marks. */
    public static final int RESPONSE_TARGET_MS = 800;
    /** A wait that feels like a broken line: no marks. */
    public static final int RESPONSE_LIMIT_MS = 2000;
    /** A turn this slow counts as a slow answer in the findings. */
    public static final int SLOW_TURN_MS = 1000;

    private CallQualityModel() {
    }

    public static CallQualityScore score(QualityInputs in) {
        List<Integer> waits = new ArrayList<>();
        long sttSum = 0;
        long llmSum = 0;
        long ttsSum = 0;
        int interrupted = 0;
        for (CallTurn turn : in.turns()) {
            Integer wait = TurnSummary.totalLatency(turn);
            if (wait != null) {
                waits.add(wait);
                sttSum += turn.getSttLatencyMs();
                llmSum += turn.getLlmFirstTokenMs();
                ttsSum += turn.getTtsFirstAudioMs();
            }
            interrupted += turn.getInterrupted() ? 1 : 0;
        }
        int turns = in.turns().size();
        Double responsiveness = waits.isEmpty() ? null
                : waits.stream().mapToDouble(CallQualityModel::waitScore).average().orElseThrow();
        Double flow = turns == 0 ? null : Math.max(0, 1 - 2.0 * interrupted / turns);
        Double tools = in.toolCalls() == 0 ? null : 1 - (double) in.failedToolCalls() / in.toolCalls();
        Double agentPerformance = weighted(new double[] {0.5, 0.25, 0.25}, responsiveness, flow, tools);
        Double satisfaction = in.sentiment() == null ? null : (in.sentiment().doubleValue() + 1) / 2;
        Double audio = in.edgeScore() == null ? null : in.edgeScore().doubleValue();
        double outcome = in.callFailed() ? 0 : 1;
        double overall = weighted(new double[] {0.4, 0.25, 0.15, 0.2}, agentPerformance, satisfaction, audio,
                outcome);

        List<Finding> issues = new ArrayList<>();
        List<Finding> highlights = new ArrayList<>();
        List<Finding> recommendations = new ArrayList<>();
        long slow = waits.stream().filter(w -> w > SLOW_TURN_MS).count();
        if (!waits.isEmpty()) {
            long meanWait = Math.round(waits.stream().mapToInt(Integer::intValue).average().orElseThrow());
            if (slow * 5 >= waits.size() && slow > 0) {
                issues.add(new Finding("slow_responses", slow * 2 >= waits.size() ? "high" : "medium",
                        String.format(Locale.ROOT, "%d of %d answers took longer than %.1f s to start (mean wait "
                                + "%d ms, target %d ms)", slow, waits.size(), SLOW_TURN_MS / 1000.0, meanWait,
                                RESPONSE_TARGET_MS)));
                recommendations.add(new Finding("slow_responses", null, slowestStageAdvice(sttSum, llmSum, ttsSum,
                        waits.size())));
            } else if (waits.stream().allMatch(w -> w <= RESPONSE_TARGET_MS)) {
                highlights.add(new Finding("fast_responses", null, String.format(Locale.ROOT,
                        "Every answer started within %.1f s (mean wait %d ms)", RESPONSE_TARGET_MS / 1000.0,
                        meanWait)));
            }
        }
        if (turns > 0 && interrupted * 4 >= turns && interrupted > 0) {
            issues.add(new Finding("frequent_interruptions", interrupted * 2 >= turns ? "high" : "medium",
                    String.format(Locale.ROOT, "The caller interrupted the agent in %d of %d turns", interrupted,
                            turns)));
            recommendations.add(new Finding("frequent_interruptions", null,
                    "Keep the agent's answers shorter, so that callers do not need to cut in"));
        } else if (turns >= 3 && interrupted == 0) {
            highlights.add(new Finding("no_interruptions", null, "The caller never had to interrupt the agent"));
        }
        if (in.failedToolCalls() > 0) {
            issues.add(new Finding("failed_tool_calls", in.failedToolCalls() * 2 >= in.toolCalls() ? "high"
                    : "medium", String.format(Locale.ROOT, "%d of %d tool calls failed", in.failedToolCalls(),
                    in.toolCalls())));
            recommendations.add(new Finding("failed_tool_calls", null,
                    "Check the failing tools' configuration and the services they call"));
        } else if (in.toolCalls() > 0) {
            highlights.add(new Finding("tools_succeeded", null, String.format(Locale.ROOT,
                    "All %d tool calls succeeded", in.toolCalls())));
        }
        if (in.sentiment() != null && in.sentiment().doubleValue() <= -0.3) {
            issues.add(new Finding("negative_sentiment", in.sentiment().doubleValue() <= -0.6 ? "high" : "medium",
                    "The caller's sentiment was negative (" + in.sentiment().toPlainString() + " on -1 to 1)"));
            recommendations.add(new Finding("negative_sentiment", null,
                    "Read this call's transcript for what upset the caller"));
        } else if (in.sentiment() != null && in.sentiment().doubleValue() >= 0.5) {
            highlights.add(new Finding("positive_sentiment", null,
                    "The caller's sentiment was positive (" + in.sentiment().toPlainString() + " on -1 to 1)"));
        }
        if (in.edgeScore() != null && in.edgeScore().doubleValue() < 0.6) {
            issues.add(new Finding("low_audio_quality", "medium",
                    "The voice edge rated the call's audio " + in.edgeScore().toPlainString() + " of 1"));
            recommendations.add(new Finding("low_audio_quality", null,
                    "Check the caller's line and the audio path through the edge region"));
        }
        if (in.callFailed()) {
            issues.add(new Finding("call_failed", "high", "The call ended in a failure"));
            recommendations.add(new Finding("call_failed", null,
                    "Look up the call's error in the call logs and the telephony provider's console"));
        }
        return new CallQualityScore(decimal(overall), decimal(audio), decimal(agentPerformance),
                decimal(satisfaction), null, List.copyOf(issues), List.copyOf(highlights),
                List.copyOf(recommendations), VERSION);
    }

    /** 1 up to the target, 0 from the limit, linear between. */
    static double waitScore(int waitMs) {
        double score = (double) (RESPONSE_LIMIT_MS - waitMs) / (RESPONSE_LIMIT_MS - RESPONSE_TARGET_MS);
        return Math.max(0, Math.min(1, score));
    }

    /** The weighted mean of the parts that are there (null parts are left out); null when none is. */
    private static Double weighted(double[] weights, Double... parts) {
        double sum = 0;
        double weight = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null) {
                sum += weights[i] * parts[i];
                weight += weights[i];
            }
        }
        return weight == 0 ? null : sum / weight;
    }

    private static String slowestStageAdvice(long sttSum, long llmSum, long ttsSum, int turns) {
        if (llmSum >= sttSum && llmSum >= ttsSum) {
            return String.format(Locale.ROOT, "The language model's first token took most of the wait (mean %d ms): "
                    + "shorten the agent's prompt or choose a faster model", llmSum / turns);
        }
        if (ttsSum >= sttSum) {
            return String.format(Locale.ROOT, "Speech synthesis took most of the wait (mean %d ms to first audio): "
                    + "choose a faster voice or stream shorter sentences", ttsSum / turns);
        }
        return String.format(Locale.ROOT, "Speech recognition took most of the wait (mean %d ms): check the "
                + "speech-to-text settings, such as its end-of-speech timeout", sttSum / turns);
    }

    private static BigDecimal decimal(Double score) {
        return score == null ? null : BigDecimal.valueOf(score).setScale(2, RoundingMode.HALF_UP);
    }
}
