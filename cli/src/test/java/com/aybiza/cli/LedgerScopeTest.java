package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.DeadLetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerScopeTest {

    private static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void aRunsDeadLettersAreThoseAboutItsOwnRecordsWhenTheLedgerHasOffsets() throws Exception {
        LedgerScope scope = LedgerScope.of(ledger("""
                {"start": "2026-12-01T09:00:00Z",
                 "offsets": {"aybiza.usage.v1": {"0": [100, 199], "1": [50, 50]}}}"""));
        assertThat(scope.byOffsets()).isTrue();
        assertThat(scope).accepts(letter("aybiza.usage.v1", 0, 100, 0), letter("aybiza.usage.v1", 0, 199, -3600),
                letter("aybiza.usage.v1", 1, 50, 10));
        // Before or after the run's records (an earlier or later run, a redriven copy), another partition, another
        // topic: whatever their time.
        assertThat(scope).rejects(letter("aybiza.usage.v1", 0, 99, 10), letter("aybiza.usage.v1", 0, 200, 10),
                letter("aybiza.usage.v1", 2, 120, 10), letter("aybiza.calls.v1", 0, 120, 10));
    }

    @Test
    void aLedgerWithoutOffsetsCountsTheDeadLettersWrittenSinceItsStart() throws Exception {
        LedgerScope scope = LedgerScope.of(ledger("{\"start\": \"2026-12-01T09:00:00Z\"}"));
        assertThat(scope.byOffsets()).isFalse();
        assertThat(scope).accepts(letter("aybiza.usage.v1", 0, 1, 0), letter("aybiza.calls.v1", 3, 9, 60))
                .rejects(letter("aybiza.usage.v1", 0, 1, -1));
    }

    private static JsonNode ledger(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    private static DeadLetter letter(String topic, int partition, long offset, int secondsAfterStart) {
        return DeadLetter.newBuilder().setOriginalValue(ByteBuffer.wrap(new byte[] {1})).setOriginalKey(null)
                .setSourceTopic(topic).setSourcePartition(partition).setSourceOffset(offset)
                .setFailedStage("validate").setErrorClass("x.InvalidEventException").setErrorMessage("bad")
                .setFailedAt(START.plusSeconds(secondsAfterStart)).build();
    }
}
