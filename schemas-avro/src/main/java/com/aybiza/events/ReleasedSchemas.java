package com.aybiza.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The released versions of the event schemas, kept unchanged under {@code src/main/avro-released/<version>/} and
 * shipped in the jar under {@code avro-released/}. A release appends its version here; a consumer's
 * {@link EventCodec} then reads messages written by every one of them.
 */
public final class ReleasedSchemas {

  /** Oldest first. */
  public static final List<String> VERSIONS = List.of("v1");

  private ReleasedSchemas() {}

  /** Every released schema of the record named {@code recordName} (e.g. "CallEvent"), by version, oldest first. */
  public static Map<String, Schema> of(String recordName) {
    Map<String, Schema> released = new LinkedHashMap<>();
    for (String version : VERSIONS) {
      Schema schema = load(version, recordName);
      if (schema != null) {
        released.put(version, schema);
      }
    }
    return released;
  }

  /** The schema of {@code recordName} as released in {@code version}, or null if that release did not have it. */
  public static Schema load(String version, String recordName) {
    String resource = "/avro-released/" + version + "/" + recordName + ".avsc";
    try (InputStream in = ReleasedSchemas.class.getResourceAsStream(resource)) {
      return in == null ? null : new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read released schema " + resource, e);
    }
  }
}
