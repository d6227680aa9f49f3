package com.aybiza.events;

/**
 * Turns the bytes of a Kafka record value into an event. Consumers depend on this, not on a wire format: today the
 * only format is Avro single-object encoding ({@link EventCodec}); a registry-based one can be added beside it.
 */
public interface EventDecoder<T> {

  /** @throws EventDecodingException with a message that says what is wrong with the bytes */
  T decode(byte[] message);
}
