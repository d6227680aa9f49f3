package com.aybiza.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

  static Stream<Arguments> everyEvent() {
    Stream<SpecificRecord> events = Stream.concat(
        Stream.of(SampleEvents.callEvent(), SampleEvents.toolExecutionEvent(), SampleEvents.usageEvent(),
            SampleEvents.deadLetter()),
        SampleEvents.securityPayloads().stream().map(SampleEvents::securityEvent));
    return events.map(e -> Arguments.of(label(e), e));
  }

  private static String label(SpecificRecord event) {
    return event instanceof SecurityEvent s
        ? "SecurityEvent/" + s.getPayload().getClass().getSimpleName()
        : event.getClass().getSimpleName();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEvent")
  <T extends SpecificRecord> void roundTripsEveryEventTypeThroughSingleObjectEncoding(String label, T event) {
    @SuppressWarnings("unchecked")
    EventCodec<T> codec = EventCodec.forType((Class<T>) event.getClass());

    byte[] bytes = codec.encode(event);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    T decoded = codec.decode(bytes);
    assertThat(decoded).isEqualTo(event);
    assertThat(decoded.toString()).isEqualTo(event.toString());
  }

  @Test
  void rejectsMessageWhoseFingerprintItDoesNotKnowNamingTheFingerprint() {
    // A DeadLetter sent to the call topic: a valid message, but of a schema the CallEvent codec was not given.
    byte[] deadLetter = EventCodec.forType(DeadLetter.class).encode(SampleEvents.deadLetter());
    String fingerprint = "0x" + Long.toHexString(EventCodec.fingerprint(DeadLetter.getClassSchema()));

    assertThatThrownBy(() -> EventCodec.forType(CallEvent.class).decode(deadLetter))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageStartingWith("Cannot decode CallEvent: unknown writer schema fingerprint ")
        .hasMessageContaining(padHex(fingerprint))
        .hasMessageContaining("current");
  }

  private static String padHex(String hex) {
    String digits = hex.substring(2);
    return "0x" + "0".repeat(16 - digits.length()) + digits;
  }

  @Test
  void rejectsTruncatedBodyAsTruncated() {
    byte[] bytes = EventCodec.forType(CallEvent.class).encode(SampleEvents.callEvent());
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 5);

    assertThatThrownBy(() -> EventCodec.forType(CallEvent.class).decode(truncated))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("message truncated")
        .hasMessageContaining(truncated.length + " bytes");
  }

  @Test
  void rejectsMessageTruncatedInsideItsHeader() {
    byte[] bytes = EventCodec.forType(UsageEvent.class).encode(SampleEvents.usageEvent());

    assertThatThrownBy(() -> EventCodec.forType(UsageEvent.class).decode(Arrays.copyOf(bytes, 6)))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("not an Avro single-object message (6 bytes");
  }

  @Test
  void rejectsBytesThatAreNotSingleObjectEncoded() {
    byte[] json = "{\"event_id\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> EventCodec.forType(UsageEvent.class).decode(json))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("not an Avro single-object message");
  }

  @Test
  void refusesToEncodeAMissingRequiredField() {
    CallEvent event = SampleEvents.callEvent();
    event.setCallSid(null);

    assertThatThrownBy(() -> EventCodec.forType(CallEvent.class).encode(event))
        .isInstanceOf(EventEncodingException.class)
        .hasMessageStartingWith("Cannot encode CallEvent")
        .hasMessageContaining("call_sid");
  }

  @Test
  void refusesToEncodeAQuantityWithMoreDecimalsThanItsColumn() {
    UsageEvent event = SampleEvents.usageEvent();
    event.setQuantity(new BigDecimal("3.0833333")); // DECIMAL(20,6) keeps six

    assertThatThrownBy(() -> EventCodec.forType(UsageEvent.class).encode(event))
        .isInstanceOf(EventEncodingException.class)
        .hasMessageContaining("scale");
  }
}
