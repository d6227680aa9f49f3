package com.aybiza.sinks.postgres;

import java.util.ArrayList;
import java.util.List;

/** Keeps refused rows in the handler instance itself (one per test), with how often it was flushed. */
final class CollectingRefusals<T> implements RefusedRowHandler<T> {

    record Entry<T>(T row, RowRefusal refusal) {
    }

    final List<Entry<T>> refused = new ArrayList<>();
    int flushes;

    @Override
    public void refused(T row, RowRefusal refusal) {
        refused.add(new Entry<>(row, refusal));
    }

    @Override
    public void flush() {
        flushes++;
    }
}
