package com.aybiza.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaDocumentationTest {

  @Test
  void everyRecordEnumAndFieldHasADoc() {
    List<String> undocumented = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Schema schema : List.of(CallEvent.getClassSchema(), ToolExecutionEvent.getClassSchema(),
        UsageEvent.getClassSchema(), SecurityEvent.getClassSchema(), DeadLetter.getClassSchema())) {
      collectUndocumented(schema, seen, undocumented);
    }
    assertThat(undocumented).isEmpty();
  }

  @Test
  void everyEventCarriesItsIdempotencyKeyTimeAndTenancy() {
    for (Schema schema : List.of(CallEvent.getClassSchema(), ToolExecutionEvent.getClassSchema(),
        UsageEvent.getClassSchema(), SecurityEvent.getClassSchema())) {
      assertThat(schema.getFields()).extracting(Schema.Field::name).as(schema.getName())
          .contains("event_id", "event_time", "organization_id", "tenant_id");
      assertThat(schema.getField("event_id").schema().getLogicalType().getName()).isEqualTo("uuid");
      assertThat(schema.getField("event_time").schema().getLogicalType().getName()).isEqualTo("timestamp-micros");
    }
  }

  private static void collectUndocumented(Schema schema, Set<String> seen, List<String> undocumented) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        if (isBlank(schema.getDoc())) {
          undocumented.add(schema.getFullName());
        }
        for (Schema.Field field : schema.getFields()) {
          if (isBlank(field.doc())) {
            undocumented.add(schema.getName() + "." + field.name());
          }
          collectUndocumented(field.schema(), seen, undocumented);
        }
      }
      case ENUM -> {
        if (seen.add(schema.getFullName()) && isBlank(schema.getDoc())) {
          undocumented.add(schema.getFullName());
        }
      }
      case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, seen, undocumented));
      case ARRAY -> collectUndocumented(schema.getElementType(), seen, undocumented);
      case MAP -> collectUndocumented(schema.getValueType(), seen, undocumented);
      default -> { }
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
