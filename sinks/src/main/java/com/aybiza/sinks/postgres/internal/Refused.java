package com.aybiza.sinks.postgres.internal;

import com.aybiza.sinks.postgres.RowRefusal;

/** A row that was not written, and why. */
public record Refused<T>(T row, RowRefusal refusal) {
}
