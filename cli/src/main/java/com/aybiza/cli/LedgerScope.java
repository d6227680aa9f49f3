package com.aybiza.cli;

import com.aybiza.events.DeadLetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Which dead letters belong to a generator run: those about a record the run wrote, by the source topic, partition and
 * offset every dead letter carries, within the offsets the ledger recorded per partition. So a later run on the same
 * topics, or a redrive (its records get new offsets), adds none. A ledger without offsets (written before they were
 * recorded) falls back to the dead letters written since the run's start.
 */
final class LedgerScope implements Predicate<DeadLetter> {

    private final JsonNode offsets;
    private final Instant start;

    private LedgerScope(JsonNode offsets, Instant start) {
        this.offsets = offsets;
        this.start = start;
    }

    static LedgerScope of(JsonNode ledger) {
        return new LedgerScope(ledger.get("offsets"), Instant.parse(ledger.get("start").asText()));
    }

    boolean byOffsets() {
        return offsets != null;
    }

    @Override
    public boolean test(DeadLetter letter) {
        if (offsets == null) {
            return !letter.getFailedAt().isBefore(start);
        }
        JsonNode range = offsets.path(letter.getSourceTopic()).path(String.valueOf(letter.getSourcePartition()));
        return range.isArray() && range.size() == 2 && letter.getSourceOffset() >= range.get(0).asLong()
                && letter.getSourceOffset() <= range.get(1).asLong();
    }
}
