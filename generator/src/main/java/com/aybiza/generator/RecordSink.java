package com.aybiza.generator;

/** Where generated records go: Kafka in production, anything in a test. */
interface RecordSink extends AutoCloseable {

    void send(String topic, byte[] key, byte[] value);

    /** Blocks until every record sent so far is acknowledged; throws if any was not. */
    void flush();

    @Override
    void close();
}
