package com.aybiza.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The enums are exactly the CHECK lists of shared/spec/database-schema.md, in the document's order. */
class CheckListEnumsTest {

  static Stream<Arguments> checkLists() {
    return Map.<Class<? extends Enum<?>>, List<String>>ofEntries(
            Map.entry(CallDirection.class, List.of("inbound", "outbound")),
            Map.entry(ExecutionMode.class, List.of("sequential", "parallel")),
            Map.entry(ToolExecutionStatus.class, List.of("pending", "running", "completed", "failed")),
            Map.entry(PromptInjectionDetectionMethod.class,
                List.of("rule_based", "ml_model", "llm_detection", "pattern_matching")),
            Map.entry(ThreatLevel.class, List.of("low", "medium", "high", "critical")),
            Map.entry(PromptInjectionAction.class, List.of("blocked", "sanitized", "logged", "escalated")),
            Map.entry(VoiceSecurityEventType.class,
                List.of("voice_cloning", "deepfake_audio", "caller_spoofing", "audio_anomaly", "suspicious_patterns")),
            Map.entry(VoiceDetectionMethod.class,
                List.of("ai_model", "voice_biometrics", "pattern_analysis", "frequency_analysis")),
            Map.entry(VoiceSecurityAction.class, List.of("call_terminated", "escalated", "logged", "user_notified")),
            Map.entry(AuditLogStatus.class, List.of("success", "failure", "error")),
            Map.entry(SecurityEventType.class, List.of("login_failure", "suspicious_activity", "rate_limit_exceeded",
                "unauthorized_access", "data_breach", "system_anomaly")),
            Map.entry(Severity.class, List.of("low", "medium", "high", "critical")))
        .entrySet().stream().map(e -> Arguments.of(e.getKey().getSimpleName(), e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checkLists")
  void enumSymbolsAreTheColumnsCheckList(String name, Class<? extends Enum<?>> type, List<String> checkList) {
    assertThat(Arrays.stream(type.getEnumConstants()).map(Enum::name)).containsExactlyElementsOf(checkList);
  }

  @Test
  void callStatusMapsToTheCheckListOfCallsStatus() {
    assertThat(Arrays.stream(CallStatus.values()).map(CallStatuses::toDatabaseValue)).containsExactly(
        "initiated", "ringing", "answered", "completed", "busy", "failed", "no-answer", "cancelled");
    assertThat(CallStatuses.fromDatabaseValue("no-answer")).isEqualTo(CallStatus.no_answer);
    assertThat(CallStatuses.fromDatabaseValue("busy")).isEqualTo(CallStatus.busy);
  }

  @Test
  void callStatusOutsideTheCheckListHasNoMapping() {
    assertThatThrownBy(() -> CallStatuses.fromDatabaseValue("no_answer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no_answer' is not a call status")
        .hasMessageContaining("no-answer");
  }

  @Test
  void callStatusSymbolOutsideTheCheckListIsNotAValue() {
    assertThatThrownBy(() -> CallStatus.valueOf("voicemail")).isInstanceOf(IllegalArgumentException.class);
    assertThat(CallEvent.getClassSchema().getField("status").schema().hasEnumSymbol("no-answer")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"voicemail", "no-answer", "COMPLETED"})
  void callStatusOutsideTheCheckListCannotBeEncoded(String symbol) {
    Schema schema = CallEvent.getClassSchema();
    GenericRecord event = GenericEvents.toGeneric(SampleEvents.callEvent(), schema);
    event.put("status", new GenericData.EnumSymbol(schema.getField("status").schema(), symbol));

    assertThatThrownBy(() -> new BinaryMessageEncoder<GenericRecord>(GenericEvents.MODEL, schema).encode(event))
        // Avro 1.11 fails the symbol lookup with an NPE it reports as "null value for (non-nullable) CallStatus".
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("CallEvent.status");
  }

  @Test
  void securityEnumOutsideTheCheckListCannotBeEncoded() {
    Schema schema = SecurityEvent.getClassSchema();
    GenericRecord event = GenericEvents.toGeneric(
        SampleEvents.securityEvent(SampleEvents.securityPayloads().get(0)), schema);
    GenericRecord attempt = (GenericRecord) event.get("payload");
    attempt.put("action_taken", new GenericData.EnumSymbol(attempt.getSchema().getField("action_taken").schema(),
        "quarantined"));

    assertThatThrownBy(() -> new BinaryMessageEncoder<GenericRecord>(GenericEvents.MODEL, schema).encode(event))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("SecurityEvent.payload[PromptInjectionAttempt].action_taken");
  }
}
