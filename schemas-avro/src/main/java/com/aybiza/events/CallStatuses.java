package com.aybiza.events;

import java.util.Arrays;

/**
 * Maps {@link CallStatus} to the values of call_analytics.calls.status. Avro enum symbols cannot contain '-', so the
 * document's 'no-answer' is the symbol {@code no_answer}; every other symbol is the column value itself.
 */
public final class CallStatuses {

  private CallStatuses() {}

  public static String toDatabaseValue(CallStatus status) {
    return status == CallStatus.no_answer ? "no-answer" : status.name();
  }

  public static CallStatus fromDatabaseValue(String value) {
    for (CallStatus status : CallStatus.values()) {
      if (toDatabaseValue(status).equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("'" + value + "' is not a call status; allowed: "
        + Arrays.stream(CallStatus.values()).map(CallStatuses::toDatabaseValue).toList());
  }
}
