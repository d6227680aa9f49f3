package com.aybiza.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.util.Arrays;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The array decoder gives what Avro's own single-object decoder gives, and fails where it fails. */
class SingleObjectReaderTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("com.aybiza.events.EventCodecTest#everyEvent")
  void readsWhatAvrosMessageDecoderReadsIntoGenericRecordsAndReusesThem(String label, SpecificRecord event)
      throws Exception {
    Schema schema = event.getSchema();
    @SuppressWarnings({"unchecked", "rawtypes"})
    byte[] bytes = ((EventCodec) EventCodec.forType(event.getClass())).encode(event);
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new Conversions.UUIDConversion());
    BinaryMessageDecoder<GenericRecord> avros = new BinaryMessageDecoder<>(model, schema);
    SingleObjectReader<GenericRecord> ours = new SingleObjectReader<>(model, schema);
    ours.addWriterSchema(schema);

    // Compared as text: GenericData's equals cannot compare converted values (UUIDs) inside unions.
    String expected = avros.decode(bytes).toString();
    GenericRecord first = ours.read(bytes, null);
    assertThat(first.toString()).isEqualTo(expected);
    GenericRecord again = ours.read(bytes, first);
    assertThat(again).isSameAs(first);
    assertThat(again.toString()).isEqualTo(expected);
  }

  @Test
  void failsAsAvrosDecoderFailsOnABadHeaderAnUnknownSchemaAndATruncatedBody() throws Exception {
    Schema schema = CallEvent.getClassSchema();
    byte[] bytes = EventCodec.forType(CallEvent.class).encode(SampleEvents.callEvent());
    SingleObjectReader<GenericRecord> reader = new SingleObjectReader<>(new GenericData(), schema);
    reader.addWriterSchema(schema);

    assertThatThrownBy(() -> reader.read(Arrays.copyOf(bytes, 9), null)).isInstanceOf(BadHeaderException.class);
    byte[] otherMarker = bytes.clone();
    otherMarker[1] = 0x02;
    assertThatThrownBy(() -> reader.read(otherMarker, null)).isInstanceOf(BadHeaderException.class)
        .hasMessage("Unrecognized header bytes: 0xC3 0x02");
    byte[] deadLetter = EventCodec.forType(DeadLetter.class).encode(SampleEvents.deadLetter());
    assertThatThrownBy(() -> reader.read(deadLetter, null)).isInstanceOf(MissingSchemaException.class);
    assertThatThrownBy(() -> reader.read(Arrays.copyOf(bytes, bytes.length - 5), null))
        .isInstanceOf(EOFException.class);
  }
}
