package com.aybiza.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * Runs the Node.js producer example (examples/node-producer/, see its encode-usage-event.mjs) and reads what it
 * prints with the Java codec, so the example other-language producers copy stays byte-compatible with the pipeline.
 */
class NodeProducerExampleIT {

  private static final Path EXAMPLE_DIR =
      Path.of(System.getProperty("aybiza.node.producer.example", "examples/node-producer"));
  private static final Pattern OUTPUT = Pattern.compile(
      "\\{\"topic\":\"([^\"]*)\",\"key\":\"([^\"]*)\",\"value_base64\":\"([A-Za-z0-9+/=]*)\"}");

  private static final String TENANT = "11111111-2222-4333-8444-555555555555";
  private static final String ORGANIZATION = "99999999-8888-4777-8666-555555555555";
  private static final String CALL_SID = "CA0123456789abcdef0123456789abcdef";
  /** A minute that starts just before midnight UTC: billed on the 14th, sent (event_time) on the 15th. */
  private static final String ANSWERED_AT = "2025-03-14T23:59:30.000001Z";

  @Test
  void encodesUsageEventThatJavaCodecDecodesFieldForField() throws Exception {
    Output output = run(TENANT, ORGANIZATION, CALL_SID, ANSWERED_AT);

    assertThat(output.topic()).isEqualTo("aybiza.usage.v1");
    assertThat(output.key()).isEqualTo(TENANT);
    UsageEvent event = EventCodec.forType(UsageEvent.class).decode(output.value());
    assertThat(event.getEventId())
        .isEqualTo(uuidV5(UUID.fromString(TENANT), CALL_SID + "|call_minutes|segment-1"));
    assertThat(event.getEventTime()).isEqualTo(Instant.parse("2025-03-15T00:00:30.000001Z"));
    assertThat(event.getOrganizationId()).isEqualTo(UUID.fromString(ORGANIZATION));
    assertThat(event.getTenantId()).isEqualTo(UUID.fromString(TENANT));
    assertThat(event.getAgentId()).isNull();
    assertThat(event.getKind()).isEqualTo(UsageEventKind.RECORD);
    assertThat(event.getResourceType()).isEqualTo("call_minutes");
    assertThat(event.getResourceSubtype()).isEqualTo("inbound");
    // BigDecimal.equals compares the scale too: the bytes carry exactly the schema's scale of 6.
    assertThat(event.getQuantity()).isEqualTo(new BigDecimal("1.000000"));
    assertThat(event.getUnit()).isEqualTo("minutes");
    assertThat(event.getUnitPrice()).isEqualTo(new BigDecimal("0.012000"));
    assertThat(event.getTotalCost()).isEqualTo(new BigDecimal("0.012000"));
    assertThat(event.getBillingPeriod()).isEqualTo(LocalDate.of(2025, 3, 14));
    assertThat(event.getCorrectsEventId()).isNull();
    assertThat(event.getReason()).isNull();
    assertThat(event.getCallSid()).isEqualTo(CALL_SID);
    assertThat(event.getExecutionId()).isNull();
    assertThat(event.getMetadata()).containsExactly(entry("source", "node-producer-example"));
  }

  @Test
  void writesTheSameBytesAsTheJavaCodec() throws Exception {
    byte[] fromNode = run(TENANT, ORGANIZATION, CALL_SID, ANSWERED_AT).value();
    EventCodec<UsageEvent> codec = EventCodec.currentSchemaOnly(UsageEvent.class);

    assertThat(codec.encode(codec.decode(fromNode))).isEqualTo(fromNode);
  }

  @Test
  void framesBodyWithSingleObjectHeaderAndLittleEndianSchemaFingerprint() throws Exception {
    byte[] value = run().value();

    assertThat(Arrays.copyOfRange(value, 0, 2)).containsExactly(0xC3, 0x01);
    long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(UsageEvent.getClassSchema()));
  }

  @Test
  void producesIdenticalBytesWhenRunAgainWithTheSameArguments() throws Exception {
    Output first = run(TENANT, ORGANIZATION, CALL_SID, ANSWERED_AT);
    Output retry = run(TENANT, ORGANIZATION, CALL_SID, ANSWERED_AT);
    Output otherCall = run(TENANT, ORGANIZATION, "CAffffffffffffffffffffffffffffffff", ANSWERED_AT);

    assertThat(retry.value()).isEqualTo(first.value());
    EventCodec<UsageEvent> codec = EventCodec.forType(UsageEvent.class);
    assertThat(codec.decode(otherCall.value()).getEventId()).isNotEqualTo(codec.decode(first.value()).getEventId());
  }

  @Test
  void defaultsToTheSampleTenantOrganizationAndCall() throws Exception {
    Output output = run();

    UsageEvent event = EventCodec.forType(UsageEvent.class).decode(output.value());
    assertThat(output.key()).isEqualTo(SampleEvents.TENANT.toString());
    assertThat(event.getTenantId()).isEqualTo(SampleEvents.TENANT);
    assertThat(event.getOrganizationId()).isEqualTo(SampleEvents.ORGANIZATION);
    assertThat(event.getCallSid()).isEqualTo(SampleEvents.CALL_SID);
    assertThat(event.getEventId())
        .isEqualTo(uuidV5(SampleEvents.TENANT, SampleEvents.CALL_SID + "|call_minutes|segment-1"));
  }

  @Test
  void derivesVersion5UuidsAsRfc4122Does() throws Exception {
    // Python's uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"), to check this test's own derivation.
    assertThat(uuidV5(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"))
        .isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
  }

  /** RFC 4122 name-based UUID, version 5: SHA-1 of the namespace's 16 bytes and the UTF-8 name. */
  private static UUID uuidV5(UUID namespace, String name) throws NoSuchAlgorithmException {
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    sha1.update(ByteBuffer.allocate(16)
        .putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits()).array());
    ByteBuffer hash = ByteBuffer.wrap(sha1.digest(name.getBytes(StandardCharsets.UTF_8)));
    long most = (hash.getLong() & ~0xF000L) | 0x5000L;
    long least = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least);
  }

  private record Output(String topic, String key, byte[] value) {}

  private static Output run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", "encode-usage-event.mjs"));
    command.addAll(List.of(args));
    Path stderr = Files.createTempFile("node-producer-example", ".stderr");
    try {
      Process process = new ProcessBuilder(command).directory(EXAMPLE_DIR.toFile())
          .redirectError(stderr.toFile()).start();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node finished within 60 s").isTrue();
      assertThat(process.exitValue()).as("exit status of %s in %s; stderr:%n%s", command, EXAMPLE_DIR,
          Files.readString(stderr)).isZero();
      Matcher matcher = OUTPUT.matcher(stdout);
      assertThat(matcher.matches()).as("one JSON line on stdout, got: %s", stdout).isTrue();
      return new Output(matcher.group(1), matcher.group(2), Base64.getDecoder().decode(matcher.group(3)));
    } finally {
      Files.deleteIfExists(stderr);
    }
  }
}
