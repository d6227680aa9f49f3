package com.aybiza.jobs.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.CallTurn;
import com.aybiza.events.SampleEvents;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.ingest.TestRecords;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallFiguresTest {

    /** The sample call's two turns: 120/310/900/80/1500 ms, and 140/290 ms with the rest unmeasured (interrupted). */
    private static FinishedCall finished(CallEvent call, int tools, int ok, int failed) {
        return new FinishedCall(new EnrichedEvent<>(TestRecords.sourced(call, 1), null, null), tools, ok, failed);
    }

    @Test
    void meansCountOnlyTheTurnsThatMeasuredAStage() {
        TurnSummary summary = TurnSummary.of(SampleEvents.callEvent().getTurns());
        assertThat(summary.sttLatencyMs()).isEqualTo(130);
        assertThat(summary.llmFirstTokenMs()).isEqualTo(300);
        assertThat(summary.llmTotalLatencyMs()).isEqualTo(900);
        assertThat(summary.ttsFirstAudioMs()).isEqualTo(80);
        assertThat(summary.ttsTotalLatencyMs()).isEqualTo(1500);
        assertThat(summary.totalLatencyMs()).as("only turn 0 has all three stages").isEqualTo(120 + 310 + 80);
        assertThat(summary.turns()).isEqualTo(2);
        assertThat(summary.interruptions()).isEqualTo(1);
    }

    @Test
    void aCallWithoutTurnsHasNoLatencyRatherThanZero() {
        TurnSummary summary = TurnSummary.of(List.of());
        assertThat(summary.sttLatencyMs()).isNull();
        assertThat(summary.totalLatencyMs()).isNull();
        assertThat(summary.turns()).isZero();
    }

    @Test
    void everyMeasuredFigureOfTheCallIsARow() {
        CallEvent completed = CallEvent.newBuilder(SampleEvents.callEvent()).setStatus(CallStatus.completed).build();
        List<CallFigures.Figure> figures = CallFigures.of(finished(completed, 3, 2, 1));

        assertThat(figures).filteredOn(f -> f.turnIndex() == 0).extracting(CallFigures.Figure::name)
                .containsExactly("stt_latency_ms", "llm_first_token_ms", "llm_total_latency_ms", "tts_first_audio_ms",
                        "tts_total_latency_ms", "total_latency_ms");
        assertThat(figures).filteredOn(f -> f.turnIndex() == 1).extracting(CallFigures.Figure::name)
                .containsExactly("stt_latency_ms", "llm_first_token_ms");
        assertThat(figures).filteredOn(f -> f.turnIndex() == -1)
                .extracting(f -> f.type() + " " + f.name() + " " + f.value() + " " + f.unit())
                .containsExactly("usage tokens_used 509.0 tokens", "cost cost_usd 0.123456 usd",
                        "quality quality_score 0.87 score", "quality sentiment_score -0.25 score",
                        "error failed_tool_calls 1.0 count");
        assertThat(figures).allMatch(f -> List.of("latency", "quality", "cost", "usage", "error").contains(f.type()));
    }

    @Test
    void aFailedCallWithoutToolsReportsItsFailure() {
        CallEvent failed = CallEvent.newBuilder(SampleEvents.callEvent()).setStatus(CallStatus.failed)
                .setTurns(List.of()).setTokensUsed(null).setCostUsd(null).setQualityScore(null).setSentimentScore(null)
                .build();
        assertThat(CallFigures.of(finished(failed, 0, 0, 0))).extracting(CallFigures.Figure::name)
                .containsExactly("call_failed");
    }

    @Test
    void aFiguresIdDependsOnWhatItIsAbout() {
        long id = CallIds.metricId(SampleEvents.TENANT, SampleEvents.CALL_SID, "stt_latency_ms", 0);
        assertThat(id).isPositive()
                .isEqualTo(CallIds.metricId(SampleEvents.TENANT, SampleEvents.CALL_SID, "stt_latency_ms", 0))
                .isNotEqualTo(CallIds.metricId(SampleEvents.TENANT, SampleEvents.CALL_SID, "stt_latency_ms", 1))
                .isNotEqualTo(CallIds.metricId(SampleEvents.TENANT, SampleEvents.CALL_SID, "tts_first_audio_ms", 0));
        assertThat(CallIds.callId(SampleEvents.TENANT, SampleEvents.CALL_SID))
                .isEqualTo(java.util.UUID.nameUUIDFromBytes((SampleEvents.TENANT + "|" + SampleEvents.CALL_SID)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aTurnsMetadataIsTheJsonObjectOfItsIndexAndInterruption() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (CallTurn turn : SampleEvents.callEvent().getTurns()) {
            assertThat(json.readTree(CallFigures.turnMetadata(turn))).isEqualTo(json.readTree(
                    Staging.json(Map.of("turn_index", turn.getTurnIndex(), "interrupted", turn.getInterrupted()))));
        }
        assertThat(SampleEvents.callEvent().getTurns()).extracting(CallTurn::getInterrupted).contains(true, false);
    }
}
