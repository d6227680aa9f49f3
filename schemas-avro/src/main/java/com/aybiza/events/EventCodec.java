package com.aybiza.events;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one event type with Avro single-object encoding: {@code C3 01}, the 8-byte CRC-64-AVRO
 * fingerprint of the writer's schema, then the binary body. A consumer finds the writer's schema by that fingerprint
 * among the schemas it knows (the current one and every released version, see {@link ReleasedSchemas}) and
 * resolves it to the current classes, so no schema registry is needed.
 *
 * <p>Thread-safe (Avro's message encoder and decoder keep per-thread buffers). Not serializable: a Flink function
 * creates its codec in {@code open()}.
 */
public final class EventCodec<T extends SpecificRecord> implements EventDecoder<T> {

  private static final int HEADER_LENGTH = SingleObjectReader.HEADER_LENGTH;

  private final String typeName;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final SingleObjectReader<T> decoder;
  /** Fingerprint to schema label, for error messages: what this codec can read. */
  private final Map<Long, String> knownWriterSchemas = new ConcurrentHashMap<>();

  private EventCodec(Class<T> type, boolean withReleasedSchemas) {
    // A model of the codec's own, with the generated class's conversions: Avro's fast reader (built once per
    // writer schema) decoded the contracts' samples 15-35% faster than its default reader here, and enabling it on the
    // shared generated model would change every other user of that class.
    SpecificData model = new SpecificData(type.getClassLoader());
    SpecificData.getForClass(type).getConversions().forEach(model::addLogicalTypeConversion);
    model.setFastReaderEnabled(true);
    this.schema = model.getSchema(type);
    this.typeName = schema.getName();
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    // A decoder of our own (not the generated class's static one), so added schemas do not leak between codecs.
    this.decoder = new SingleObjectReader<>(model, schema);
    knownWriterSchemas.put(decoder.addWriterSchema(schema), "current");
    if (withReleasedSchemas) {
      ReleasedSchemas.of(typeName).forEach((version, released) -> addWriterSchema(released, version));
    }
  }

  /** A codec for {@code type} that also reads every released version of its schema. */
  public static <T extends SpecificRecord> EventCodec<T> forType(Class<T> type) {
    return new EventCodec<>(type, true);
  }

  /** A codec for {@code type} that reads only messages written with the current schema. */
  public static <T extends SpecificRecord> EventCodec<T> currentSchemaOnly(Class<T> type) {
    return new EventCodec<>(type, false);
  }

  /** Lets this codec read messages written with {@code writerSchema} (an older or newer compatible version). */
  public EventCodec<T> addWriterSchema(Schema writerSchema) {
    return addWriterSchema(writerSchema, "added");
  }

  private EventCodec<T> addWriterSchema(Schema writerSchema, String label) {
    knownWriterSchemas.putIfAbsent(decoder.addWriterSchema(writerSchema), label);
    return this;
  }

  /** The schema this codec writes with. */
  public Schema schema() {
    return schema;
  }

  public byte[] encode(T event) {
    Objects.requireNonNull(event, () -> typeName + " to encode is null");
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      encoder.encode(event, out);
    } catch (IOException | RuntimeException e) {
      // Avro reports the offending field (a null in a required field, a decimal of the wrong scale, ...).
      throw new EventEncodingException("Cannot encode " + typeName + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  @Override
  public T decode(byte[] message) {
    Objects.requireNonNull(message, () -> typeName + " message to decode is null");
    try {
      return decoder.read(message, null);
    } catch (MissingSchemaException e) {
      throw new EventDecodingException("Cannot decode " + typeName + ": unknown writer schema fingerprint "
          + fingerprintHex(message) + "; this consumer knows " + knownFingerprints()
          + ". The message was written with a schema this consumer was not given (another event type, or a newer "
          + "release: add that version to avro-released/ and ReleasedSchemas, or call addWriterSchema).", e);
    } catch (BadHeaderException e) {
      throw new EventDecodingException("Cannot decode " + typeName + ": not an Avro single-object message ("
          + message.length + " bytes; expected C3 01 and an 8-byte schema fingerprint first): " + e.getMessage(), e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
      // Avro wraps the body's EOFException in "Decoding datum failed".
      if (causedByEndOfInput(e)) {
        throw new EventDecodingException("Cannot decode " + typeName + ": message truncated, its " + message.length
            + " bytes end before the record is complete", e);
      }
      throw new EventDecodingException("Cannot decode " + typeName + ": corrupt message of " + message.length
          + " bytes: " + e, e);
    }
  }

  private static boolean causedByEndOfInput(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first bytes of every message written with {@code schema}: the single-object marker and the schema's
   * fingerprint, little-endian. A reader compares them to know a message's writer schema without decoding it.
   */
  public static byte[] headerOf(Schema schema) {
    byte[] header = new byte[HEADER_LENGTH];
    header[0] = (byte) 0xC3;
    header[1] = (byte) 0x01;
    long fingerprint = fingerprint(schema);
    for (int i = 2; i < HEADER_LENGTH; i++) {
      header[i] = (byte) fingerprint;
      fingerprint >>>= 8;
    }
    return header;
  }

  static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /** Single-object encoding stores the fingerprint little-endian; shown here as the schema's 64-bit value. */
  private static String fingerprintHex(byte[] message) {
    if (message.length < HEADER_LENGTH) {
      return "(none)";
    }
    return "0x" + HexFormat.of().toHexDigits(SingleObjectReader.writerFingerprint(message));
  }

  private String knownFingerprints() {
    Map<String, String> sorted = new TreeMap<>();
    knownWriterSchemas.forEach((fp, label) -> sorted.put("0x" + HexFormat.of().toHexDigits(fp), label));
    return sorted.toString();
  }
}
