package com.aybiza.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every current schema reads, and is read by, every released version; bytes of a released version still decode. */
class SchemaEvolutionTest {

  static Stream<Arguments> releasedVersions() {
    List<Arguments> all = new ArrayList<>();
    for (String version : ReleasedSchemas.VERSIONS) {
      for (SpecificRecord sample : List.of(SampleEvents.callEvent(), SampleEvents.toolExecutionEvent(),
          SampleEvents.usageEvent(), SampleEvents.securityEvent(SampleEvents.securityPayloads().get(1)),
          SampleEvents.deadLetter())) {
        all.add(Arguments.of(version + "/" + sample.getSchema().getName(), version, sample));
      }
    }
    return all.stream();
  }

  @Test
  void callTurnEventIsNewInV2OnATopicOfItsOwnSoNoV1ReaderMeetsIt() {
    assertThat(ReleasedSchemas.load("v1", "CallTurnEvent")).as("not part of v1").isNull();
    assertThat(EventTopic.CALL_TURNS.eventType()).isEqualTo(CallTurnEvent.class);
    assertThat(Arrays.stream(EventTopic.values()).filter(t -> t != EventTopic.CALL_TURNS)
        .map(EventTopic::eventType)).as("no v1 topic carries it").doesNotContain(CallTurnEvent.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("releasedVersions")
  void currentSchemaReadsWhatTheReleasedVersionWrote(String label, String version, SpecificRecord sample) {
    Schema released = released(version, sample);

    var result = SchemaCompatibility.checkReaderWriterCompatibility(sample.getSchema(), released);

    assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("releasedVersions")
  void releasedVersionReadsWhatTheCurrentSchemaWrites(String label, String version, SpecificRecord sample) {
    Schema released = released(version, sample);

    var result = SchemaCompatibility.checkReaderWriterCompatibility(released, sample.getSchema());

    assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("releasedVersions")
  <T extends SpecificRecord> void decodesMessagesWrittenWithTheReleasedSchema(
      String label, String version, T sample) throws Exception {
    Schema released = released(version, sample);
    byte[] written = new BinaryMessageEncoder<GenericRecord>(GenericEvents.MODEL, released)
        .encode(GenericEvents.toGeneric(sample, released)).array();
    @SuppressWarnings("unchecked")
    EventCodec<T> codec = EventCodec.currentSchemaOnly((Class<T>) sample.getClass()).addWriterSchema(released);

    assertThat(codec.decode(written)).isEqualTo(sample);
  }

  @Test
  void decodesAUsageEventBuiltFieldByFieldFromTheV1Schema() throws Exception {
    Schema v1 = ReleasedSchemas.load("v1", "UsageEvent");
    GenericRecord record = new GenericData.Record(v1);
    record.put("event_id", SampleEvents.id("usage-record"));
    record.put("event_time", SampleEvents.T0);
    record.put("organization_id", SampleEvents.ORGANIZATION);
    record.put("tenant_id", SampleEvents.TENANT);
    record.put("agent_id", null);
    record.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "RECORD"));
    record.put("resource_type", "tool_executions");
    record.put("resource_subtype", null);
    record.put("quantity", new BigDecimal("2.000000"));
    record.put("unit", "executions");
    record.put("unit_price", new BigDecimal("0.001000"));
    record.put("total_cost", new BigDecimal("0.002000"));
    record.put("billing_period", LocalDate.of(2025, 3, 14));
    record.put("corrects_event_id", null);
    record.put("reason", null);
    record.put("call_sid", SampleEvents.CALL_SID);
    record.put("execution_id", SampleEvents.id("execution-1"));
    record.put("metadata", Map.of("tool", "lookup_order"));
    byte[] written = new BinaryMessageEncoder<GenericRecord>(GenericEvents.MODEL, v1).encode(record).array();

    UsageEvent decoded = EventCodec.forType(UsageEvent.class).decode(written);

    assertThat(decoded.getKind()).isEqualTo(UsageEventKind.RECORD);
    assertThat(decoded.getQuantity()).isEqualByComparingTo("2");
    assertThat(decoded.getTotalCost()).isEqualTo(new BigDecimal("0.002000"));
    assertThat(decoded.getBillingPeriod()).isEqualTo(LocalDate.of(2025, 3, 14));
    assertThat(decoded.getExecutionId()).isEqualTo(SampleEvents.id("execution-1"));
    assertThat(decoded.getMetadata()).containsEntry("tool", "lookup_order");
  }

  @Test
  void resolvesAnAddedWriterSchemaByItsFingerprint() throws Exception {
    // A future producer that added an optional field: unknown until given to the codec, then read by resolution.
    Schema newer = withExtraOptionalField(UsageEvent.getClassSchema(), "invoice_hint");
    GenericRecord record = GenericEvents.toGeneric(SampleEvents.usageEvent(), newer);
    record.put("invoice_hint", "INV-2025-03-000042");
    byte[] written = new BinaryMessageEncoder<GenericRecord>(GenericEvents.MODEL, newer).encode(record).array();
    EventCodec<UsageEvent> codec = EventCodec.forType(UsageEvent.class);

    assertThatThrownBy(() -> codec.decode(written))
        .isInstanceOf(EventDecodingException.class)
        .hasMessageContaining("unknown writer schema fingerprint");
    assertThat(codec.addWriterSchema(newer).decode(written)).isEqualTo(SampleEvents.usageEvent());
  }

  private static Schema withExtraOptionalField(Schema schema, String name) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    fields.add(new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL),
        Schema.create(Schema.Type.STRING)), "added later", Schema.Field.NULL_DEFAULT_VALUE));
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  private static Schema released(String version, SpecificRecord sample) {
    Schema schema = ReleasedSchemas.load(version, sample.getSchema().getName());
    assertThat(schema).as("released schema %s/%s", version, sample.getSchema().getName()).isNotNull();
    return schema;
  }
}
