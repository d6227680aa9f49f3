package com.aybiza.jobs.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallTurn;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallQualityModelTest {

    /** A turn whose caller waits {@code waitMs}: STT 100, the rest split between the LLM and TTS as given. */
    private static CallTurn turn(int index, int sttMs, int llmMs, int ttsMs, boolean interrupted) {
        return CallTurn.newBuilder().setTurnIndex(index).setSttLatencyMs(sttMs).setLlmFirstTokenMs(llmMs)
                .setLlmTotalLatencyMs(llmMs + 500).setTtsFirstAudioMs(ttsMs).setTtsTotalLatencyMs(ttsMs + 800)
                .setInterrupted(interrupted).setTokens(40).build();
    }

    private static List<CallTurn> turns(int count, int waitMs) {
        List<CallTurn> turns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            turns.add(turn(i, 100, waitMs - 200, 100, false));
        }
        return turns;
    }

    private static List<String> codes(List<Finding> findings) {
        return findings.stream().map(Finding::code).toList();
    }

    @Test
    void aFastSmoothCallWithAHappyCallerScoresHighAndSaysWhy() {
        CallQualityScore score = CallQualityModel.score(new QualityInputs(turns(6, 600), 2, 0,
                new BigDecimal("0.60"), new BigDecimal("0.90"), false));

        assertThat(score.agentPerformance()).isEqualByComparingTo("1.00");
        assertThat(score.customerSatisfaction()).isEqualByComparingTo("0.80");
        assertThat(score.audioQuality()).isEqualByComparingTo("0.90");
        // 0.4 * 1 + 0.25 * 0.8 + 0.15 * 0.9 + 0.2 * 1 = 0.935
        assertThat(score.overall()).isEqualByComparingTo("0.94");
        assertThat(score.compliance()).isNull();
        assertThat(score.issues()).isEmpty();
        assertThat(score.recommendations()).isEmpty();
        assertThat(codes(score.highlights()))
                .containsExactly("fast_responses", "no_interruptions", "tools_succeeded", "positive_sentiment");
        assertThat(score.modelVersion()).isEqualTo(CallQualityModel.VERSION);
    }

    @Test
    void waitsScoreFullUpToTheTargetNothingFromTheLimitAndLinearlyBetween() {
        assertThat(CallQualityModel.waitScore(CallQualityModel.RESPONSE_TARGET_MS)).isEqualTo(1.0);
        assertThat(CallQualityModel.waitScore(CallQualityModel.RESPONSE_LIMIT_MS)).isEqualTo(0.0);
        assertThat(CallQualityModel.waitScore(1400)).isEqualTo(0.5);
        assertThat(CallQualityModel.waitScore(100)).isEqualTo(1.0);
        assertThat(CallQualityModel.waitScore(5000)).isEqualTo(0.0);
    }

    @Test
    void slowAnswersAreAnIssueFromOneTurnInFiveAndTheAdviceNamesTheSlowestStage() {
        List<CallTurn> oneInFive = new ArrayList<>(turns(4, 700));
        oneInFive.add(turn(4, 100, 1000, 100, false)); // waits 1200 ms, the LLM being slowest
        CallQualityScore slow = CallQualityModel.score(new QualityInputs(oneInFive, 0, 0, null, null, false));
        assertThat(codes(slow.issues())).containsExactly("slow_responses");
        assertThat(slow.issues().get(0).severity()).isEqualTo("medium");
        assertThat(slow.issues().get(0).message()).startsWith("1 of 5 answers took longer than 1.0 s");
        assertThat(slow.recommendations().get(0).message()).contains("language model's first token");

        List<CallTurn> oneInSix = new ArrayList<>(turns(5, 700));
        oneInSix.add(turn(5, 100, 1000, 100, false));
        assertThat(CallQualityModel.score(new QualityInputs(oneInSix, 0, 0, null, null, false)).issues())
                .as("one slow answer in six is under the one-in-five threshold").isEmpty();

        List<CallTurn> slowSpeech = List.of(turn(0, 900, 200, 100, false), turn(1, 900, 200, 100, false));
        CallQualityScore speech = CallQualityModel.score(new QualityInputs(slowSpeech, 0, 0, null, null, false));
        assertThat(speech.issues().get(0).severity()).isEqualTo("high");
        assertThat(speech.recommendations().get(0).message()).startsWith("Speech recognition");
    }

    @Test
    void interruptionsFromOneTurnInFourAndFailedToolsAreIssues() {
        List<CallTurn> turns = new ArrayList<>(turns(3, 700));
        turns.add(turn(3, 100, 500, 100, true));
        CallQualityScore score = CallQualityModel.score(new QualityInputs(turns, 4, 1, null, null, false));
        assertThat(codes(score.issues())).containsExactly("frequent_interruptions", "failed_tool_calls");
        assertThat(score.issues().get(1).message()).isEqualTo("1 of 4 tool calls failed");
        // responsiveness 1, flow 1 - 2 * 1/4 = 0.5, tools 0.75: 0.5 * 1 + 0.25 * 0.5 + 0.25 * 0.75 = 0.8125
        assertThat(score.agentPerformance()).isEqualByComparingTo("0.81");

        List<CallTurn> fewer = new ArrayList<>(turns(4, 700));
        fewer.add(turn(4, 100, 500, 100, true));
        assertThat(codes(CallQualityModel.score(new QualityInputs(fewer, 0, 0, null, null, false)).issues()))
                .as("one interruption in five turns is under the one-in-four threshold").isEmpty();
    }

    @Test
    void aPartWithoutInputsIsLeftOutNotCountedAsZero() {
        CallQualityScore nothingReported = CallQualityModel.score(new QualityInputs(List.of(), 0, 0, null, null,
                false));
        assertThat(nothingReported.overall()).isEqualByComparingTo("1.00");
        assertThat(nothingReported.agentPerformance()).isNull();
        assertThat(nothingReported.customerSatisfaction()).isNull();
        assertThat(nothingReported.audioQuality()).isNull();

        CallQualityScore failed = CallQualityModel.score(new QualityInputs(List.of(), 0, 0, new BigDecimal("-0.80"),
                null, true));
        // satisfaction 0.1 (weight 0.25), outcome 0 (weight 0.2): 0.025 / 0.45
        assertThat(failed.overall()).isEqualByComparingTo("0.06");
        assertThat(codes(failed.issues())).containsExactly("negative_sentiment", "call_failed");
        assertThat(failed.issues().get(0).severity()).isEqualTo("high");
        assertThat(codes(failed.recommendations())).containsExactly("negative_sentiment", "call_failed");
    }

    @Test
    void theSameInputsAlwaysGiveTheSameScore() {
        QualityInputs inputs = new QualityInputs(turns(7, 950), 3, 1, new BigDecimal("0.10"),
                new BigDecimal("0.55"), false);
        assertThat(CallQualityModel.score(inputs)).isEqualTo(CallQualityModel.score(inputs));
        assertThat(codes(CallQualityModel.score(inputs).issues())).contains("low_audio_quality");
    }
}
