package com.aybiza.events;

/** An event does not fit its schema (a required field is null, a decimal has the wrong scale, ...). */
public class EventEncodingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EventEncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
