package com.aybiza.sinks.postgres;

import java.io.Serializable;

/**
 * Where the rows go that were refused for good: typically a dead-letter topic. Created once per sink subtask.
 *
 * <p>It is called after the transaction that refused the rows has committed, and {@link #flush} before the sink
 * reports a checkpoint complete, so a refused row is never forgotten. After a crash the rows since the last checkpoint
 * are written again and may be refused again: a handler's output must therefore carry an identity of the source
 * record (e.g. its topic, partition and offset) by which repeated copies are recognised.
 */
public interface RefusedRowHandler<T> extends Serializable {

    default void open(int subtask) throws Exception {
    }

    void refused(T row, RowRefusal refusal) throws Exception;

    /** Makes everything handed over so far durable. */
    default void flush() throws Exception {
    }

    default void close() throws Exception {
    }
}
