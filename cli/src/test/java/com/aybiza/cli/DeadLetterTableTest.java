package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.DeadLetter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterTableTest {

    private static final Instant T = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void showsTheNewestLimitOldestFirstAndCountsThemAll() {
        DeadLetterTable table = new DeadLetterTable(2);
        table.add(letter(3, "enrich", "com.aybiza.jobs.enrich.UnknownReferenceException", "unknown tenant", 30));
        table.add(letter(1, "validate", "com.aybiza.jobs.ingest.InvalidEventException", "quantity is -1", 10));
        table.add(letter(4, "enrich", "com.aybiza.jobs.enrich.UnknownReferenceException", "unknown agent", 40));
        table.add(letter(2, "enrich", "com.aybiza.jobs.enrich.UnknownReferenceException", "unknown tenant", 20));

        List<String> lines = print(table::printRows);
        assertThat(lines.get(0).split(" {2,}"))
                .containsExactly("STAGE", "REASON", "SOURCE (topic/partition/offset)", "FAILED AT (UTC)");
        assertThat(lines.subList(1, lines.size())).map(line -> List.of(line.split(" {2,}"))).containsExactly(
                List.of("enrich", "UnknownReferenceException: unknown tenant", "aybiza.usage.v1/0/3",
                        "2026-12-01T09:00:30.000Z"),
                List.of("enrich", "UnknownReferenceException: unknown agent", "aybiza.usage.v1/0/4",
                        "2026-12-01T09:00:40.000Z"));
        assertThat(table.shown()).isEqualTo(2);
        assertThat(print(table::printSummary)).map(line -> Arrays.asList(line.trim().split("\\s+"))).containsExactly(
                List.of("by", "stage", "and", "reason:"),
                List.of("enrich", "UnknownReferenceException", "3"),
                List.of("validate", "InvalidEventException", "1"));
    }

    @Test
    void limitZeroPrintsNoRowButStillCounts() {
        DeadLetterTable table = new DeadLetterTable(0);
        table.add(letter(1, "validate", "x.InvalidEventException", "bad", 0));
        assertThat(print(table::printRows)).isEmpty();
        assertThat(table.shown()).isZero();
        assertThat(print(table::printSummary)).hasSize(2);
    }

    @Test
    void reasonIsOneLineOfSimpleClassNameAndMessageCutToWidth() {
        String longMessage = "Cannot decode UsageEvent:\n  corrupt message of 3 bytes: " + "x".repeat(200);
        String reason = DeadLetterTable.reason(letter(1, "deserialize", "com.aybiza.events.EventDecodingException",
                longMessage, 0));
        assertThat(reason).hasSize(DeadLetterTable.REASON_WIDTH)
                .startsWith("EventDecodingException: Cannot decode UsageEvent: corrupt message of 3 bytes")
                .endsWith("...");
        assertThat(DeadLetterTable.reason(letter(1, "sink", "java.io.IOException", null, 0))).isEqualTo("IOException");
    }

    private static List<String> print(java.util.function.Consumer<PrintWriter> printer) {
        StringWriter text = new StringWriter();
        printer.accept(new PrintWriter(text, true));
        return text.toString().lines().toList();
    }

    private static DeadLetter letter(long offset, String stage, String errorClass, String message, int secondsAfterT) {
        return DeadLetter.newBuilder().setOriginalValue(ByteBuffer.wrap(new byte[] {1})).setOriginalKey(null)
                .setSourceTopic("aybiza.usage.v1").setSourcePartition(0).setSourceOffset(offset)
                .setFailedStage(stage).setErrorClass(errorClass).setErrorMessage(message)
                .setFailedAt(T.plusSeconds(secondsAfterT)).build();
    }
}
