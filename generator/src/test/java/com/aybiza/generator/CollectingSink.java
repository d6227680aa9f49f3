package com.aybiza.generator;

import java.util.ArrayList;
import java.util.List;

/** Keeps what the generator sends, in order, for a test to inspect. Not static: one per test. */
final class CollectingSink implements RecordSink {

    record Sent(String topic, byte[] key, byte[] value) {}

    final List<Sent> records = new ArrayList<>();

    @Override
    public void send(String topic, byte[] key, byte[] value) {
        records.add(new Sent(topic, key, value));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
