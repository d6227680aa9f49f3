package com.aybiza.generator;

import java.util.ArrayList;
import java.util.List;

/** Keeps what the generator sends with the wall clock (System.currentTimeMillis) at its receipt. One per test. */
final class ClockedSink implements RecordSink {

    record Received(CollectingSink.Sent record, long receivedMillis) {}

    final List<Received> records = new ArrayList<>();

    @Override
    public void send(String topic, byte[] key, byte[] value) {
        records.add(new Received(new CollectingSink.Sent(topic, key, value), System.currentTimeMillis()));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
