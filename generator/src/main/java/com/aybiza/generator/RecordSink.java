package com.aybiza.generator;

/** Where generated records go: Kafka in production, anything in a test. */
interface RecordSink extends AutoCloseable {

    void send(String topic, byte[] key, byte[] value);

    /** Blocks until every record sent so far is acknowledged; throws if any was not. */
    void flush();

    /** Where the acknowledged records were stored, if the sink knows (Kafka does). */
    default OffsetRanges offsets() {
        return new OffsetRanges();
    }

    @Override
    void close();
}
