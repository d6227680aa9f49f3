package com.aybiza.jobs.live;

import java.util.Objects;

/**
 * One write of live state: an item to put (or, with {@code delete}, the key of one to delete) in a DynamoDB table, as
 * JSON ({@link LiveItemConverter} turns it into attribute values). A Flink POJO, so that the stream between the state
 * operators and the DynamoDB sinks needs no Kryo.
 */
public class LiveItem {

    public String table;
    public boolean delete;
    public String json;
    /** The event time of what made the write, for freshness. */
    public long eventTimeMillis;

    public LiveItem() {
    }

    public LiveItem(LiveTables table, boolean delete, String json, long eventTimeMillis) {
        this.table = table.tableName();
        this.delete = delete;
        this.json = json;
        this.eventTimeMillis = eventTimeMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LiveItem i && delete == i.delete && Objects.equals(table, i.table)
                && Objects.equals(json, i.json) && eventTimeMillis == i.eventTimeMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, delete, json);
    }

    @Override
    public String toString() {
        return (delete ? "delete from " : "put into ") + table + ": " + json;
    }
}
