package com.aybiza.events;

/** A message could not be decoded: unknown writer schema, not single-object encoded, truncated or corrupt. */
public class EventDecodingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EventDecodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
