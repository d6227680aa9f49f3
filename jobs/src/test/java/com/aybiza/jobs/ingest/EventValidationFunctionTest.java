package com.aybiza.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.ApiAccessLogEntry;
import com.aybiza.events.AuditLogEntry;
import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.CallTurn;
import com.aybiza.events.DeadLetter;
import com.aybiza.events.GenericSecurityEvent;
import com.aybiza.events.LoginAttempt;
import com.aybiza.events.PromptInjectionAttempt;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionPhase;
import com.aybiza.events.ToolExecutionStatus;
import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import com.aybiza.events.VoiceSecurityEvent;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventValidationFunctionTest {

    private static final Instant NOW = SampleEvents.T0.plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Duration MAX_AGE = Duration.ofDays(30);
    /** Validation never decodes: a case may hold values the Java codec refuses to write, as another producer may. */
    private static final byte[] BYTES = {1, 2, 3};

    /** Runs {@code events} through the validation of their type; returns the events that passed and the dead letters. */
    private static <T extends SpecificRecordBase> Outcome<T> validate(Class<T> type, List<SourcedEvent<T>> events)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<SourcedEvent<T>, SourcedEvent<T>> harness =
                     TestRecords.harness(new EventValidationFunction<>(type, SKEW, MAX_AGE), type)) {
            harness.open();
            harness.setProcessingTime(NOW.toEpochMilli());
            for (SourcedEvent<T> event : events) {
                harness.processElement(event, NOW.toEpochMilli());
            }
            var side = harness.getSideOutput(DeadLetters.TAG);
            return new Outcome<>(harness.extractOutputValues(),
                    side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecordBase> Outcome<T> validate(T event) throws Exception {
        return validate((Class<T>) event.getClass(), List.of(TestRecords.sourced(event, 1, BYTES)));
    }

    private record Outcome<T extends SpecificRecordBase>(List<SourcedEvent<T>> passed, List<DeadLetter> letters) {
        List<String> messages() {
            return letters.stream().map(l -> l.getErrorMessage().toString()).toList();
        }
    }

    @Test
    void theSampleEventsOfEveryContractPass() throws Exception {
        assertThat(validate(SampleEvents.callEvent()).passed()).hasSize(1);
        assertThat(validate(SampleEvents.toolExecutionEvent()).passed()).hasSize(1);
        assertThat(validate(SampleEvents.usageEvent()).passed()).hasSize(1);
        for (Object payload : SampleEvents.securityPayloads()) {
            Outcome<SecurityEvent> outcome = validate(SampleEvents.securityEvent(payload));
            assertThat(outcome.messages()).as(payload.getClass().getSimpleName()).isEmpty();
            assertThat(outcome.passed()).hasSize(1);
        }
    }

    @Test
    void eventTimeIsJudgedAgainstTheRecordsArrivalAndOneWithinTheSkewPasses() throws Exception {
        Instant arrival = NOW.minus(Duration.ofDays(2));
        CallEvent within = CallEvent.newBuilder(SampleEvents.callEvent()).setEventTime(arrival.plus(Duration.ofMinutes(4))).build();
        CallEvent beyond = CallEvent.newBuilder(SampleEvents.callEvent()).setEventTime(arrival.plus(Duration.ofDays(30))).build();
        SourcedEvent<CallEvent> late = stamped(beyond, 8, arrival);

        Outcome<CallEvent> outcome = validate(CallEvent.class, List.of(stamped(within, 7, arrival), late));

        assertThat(outcome.passed()).extracting(s -> s.source.offset).containsExactly(7L);
        assertThat(outcome.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.getFailedStage().toString()).isEqualTo("validate");
            assertThat(letter.getErrorClass().toString()).isEqualTo(InvalidEventException.class.getName());
            assertThat(letter.getErrorMessage().toString()).isEqualTo("event_time " + arrival.plus(Duration.ofDays(30))
                    + " is PT720H ahead of the record's arrival at " + arrival + ", more than the PT5M of clock skew allowed");
            assertThat(letter.getSourceOffset()).isEqualTo(8L);
            assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(late.source.value));
            assertThat(letter.getFailedAt()).isEqualTo(NOW);
        });

        // The same timestamp set by the producer (CreateTime) is as suspect as event_time: the job's clock judges.
        SourcedEvent<CallEvent> producerStamped = stamped(beyond, 9, arrival);
        producerStamped.source.timestampIsArrival = false;
        assertThat(validate(CallEvent.class, List.of(producerStamped)).messages()).singleElement().asString()
                .contains("is PT672H ahead of the processing clock");
    }

    @Test
    void withoutAKafkaTimestampEventTimeIsJudgedAgainstTheProcessingClockBothWays() throws Exception {
        CallEvent ahead = CallEvent.newBuilder(SampleEvents.callEvent()).setEventTime(NOW.plus(Duration.ofMinutes(6))).build();
        CallEvent old = CallEvent.newBuilder(SampleEvents.callEvent()).setEventTime(NOW.minus(Duration.ofDays(31))).build();

        assertThat(validate(ahead).messages()).containsExactly("event_time " + NOW.plus(Duration.ofMinutes(6))
                + " is PT6M ahead of the processing clock, more than the PT5M of clock skew allowed");
        assertThat(validate(old).messages()).containsExactly("event_time " + NOW.minus(Duration.ofDays(31))
                + " is PT744H behind the processing clock, older than the PT720H allowed");
    }

    private static SourcedEvent<CallEvent> stamped(CallEvent event, long offset, Instant arrival) {
        SourcedEvent<CallEvent> sourced = TestRecords.sourced(event, offset);
        sourced.source.timestamp = arrival.toEpochMilli();
        sourced.source.timestampIsArrival = true;
        return sourced;
    }

    static Stream<Arguments> brokenEvents() {
        return Stream.of(
                call(c -> c.setCallSid(""), "call_sid is empty"),
                call(c -> c.setFromNumber("+14155550123456789012"), "from_number has 21 characters, more than its column's 20"),
                call(c -> c.setModelUsed("m".repeat(101)), "model_used has 101 characters, more than its column's 100"),
                call(c -> c.setDurationSeconds(-1), "duration_seconds is negative: -1"),
                call(c -> c.setCostUsd(new BigDecimal("12345.000000")), "cost_usd 12345.000000 does not fit its DECIMAL(10,6) column"),
                call(c -> c.setQualityScore(new BigDecimal("1.50")), "quality_score is 1.50, outside [0, 1]"),
                call(c -> c.setSentimentScore(new BigDecimal("-1.50")), "sentiment_score is -1.50, outside [-1, 1]"),
                call(c -> c.setAnswerTime(SampleEvents.T0.minusSeconds(1)), "answer_time " + SampleEvents.T0.minusSeconds(1)
                        + " is before start_time " + SampleEvents.T0),
                call(c -> c.setStatus(CallStatus.completed).setEndTime(null), "a completed call has no end_time"),
                call(c -> c.setTurns(List.of(CallTurn.newBuilder(c.getTurns().get(0)).setSttLatencyMs(-5).build())),
                        "turns[0].stt_latency_ms is negative: -5"),
                call(c -> c.setCallSid("CA\0x"), "call_sid holds a NUL character, which PostgreSQL text cannot store"),
                call(c -> c.setMetadata(Map.of("campaign", "spring\0")),
                        "metadata[campaign] holds a NUL character, which PostgreSQL text cannot store"),
                call(c -> c.setMetadata(Map.of("camp\0aign", "spring")),
                        "metadata key holds a NUL character, which PostgreSQL text cannot store"),
                security(ApiAccessLogEntry.class, e -> e.setPayload(ApiAccessLogEntry.newBuilder(
                        (ApiAccessLogEntry) e.getPayload()).setMethod("GE\0T").build()),
                        "payload.method holds a NUL character, which PostgreSQL text cannot store"),
                tool(t -> t.setPhase(ToolExecutionPhase.started).setStatus(ToolExecutionStatus.completed),
                        "phase started with status completed"),
                tool(t -> t.setCompletedAt(null), "a failed execution has no completed_at"),
                tool(t -> t.setPhase(ToolExecutionPhase.completed).setStatus(ToolExecutionStatus.completed).setCompletedAt(null),
                        "a completed execution has no completed_at"),
                tool(t -> t.setInputData("{} x"), "input_data is not JSON: "),
                tool(t -> t.setInputData(" "), "input_data is not JSON: it is empty"),
                tool(t -> t.setErrorDetails("{\"e\":\"\\u0000\"}"), "error_details holds a NUL character, a lone surrogate or a number beyond NUMERIC, which JSONB cannot store"),
                tool(t -> t.setDurationMs(-1), "duration_ms is negative: -1"),
                tool(t -> t.setToolName("t".repeat(256)), "tool_name has 256 characters, more than its column's 255"),
                tool(t -> t.setCompletedAt(SampleEvents.T0), "completed_at " + SampleEvents.T0 + " is before started_at "
                        + SampleEvents.T0.plusMillis(1200)),
                usage(u -> u.setTotalCost(new BigDecimal("0.037001")), "total_cost 0.037001 is not quantity x unit_price = 0.037000"),
                usage(u -> u.setQuantity(BigDecimal.ZERO.setScale(6)).setUnitPrice(new BigDecimal("-1.000000"))
                        .setTotalCost(BigDecimal.ZERO.setScale(6)), "unit_price is negative: -1.000000"),
                usage(u -> u.setKind(UsageEventKind.RECORD).setCorrectsEventId(null),
                        "a RECORD gives a reason: billable duration recomputed from carrier CDR"),
                usage(u -> u.setCorrectsEventId(u.getEventId()), "a CORRECTION corrects itself"),
                usage(u -> u.setUnit("u".repeat(51)), "unit has 51 characters, more than its column's 50"),
                usage(u -> u.setResourceType("é".repeat(100)), null),
                // 2.5 x 0.000001 = 0.0000025: half-up gives 0.000003, half-even 0.000002; both are honest roundings.
                usage(u -> u.setQuantity(new BigDecimal("2.500000")).setUnitPrice(new BigDecimal("0.000001"))
                        .setTotalCost(new BigDecimal("0.000002")), null),
                usage(u -> u.setQuantity(new BigDecimal("2.500000")).setUnitPrice(new BigDecimal("0.000001"))
                        .setTotalCost(new BigDecimal("0.000004")), "total_cost 0.000004 is not quantity x unit_price = 0.000003"),
                tool(t -> t.setInputData("{\"path\":\"C:\\\\u0000\"}"), null),
                tool(t -> t.setInputData("{\"a\":1,\"a\":2}"), "input_data is not JSON: "),
                tool(t -> t.setInputData("{\"n\":1e1000000}"),
                        "input_data holds a NUL character, a lone surrogate or a number beyond NUMERIC, which JSONB cannot store"),
                tool(t -> t.setInputData("{\"s\":\"\\ud800\"}"),
                        "input_data holds a NUL character, a lone surrogate or a number beyond NUMERIC, which JSONB cannot store"),
                security(VoiceSecurityEvent.class, e -> e.setOrganizationId(null), "a VoiceSecurityEvent has no organization_id"),
                security(PromptInjectionAttempt.class, e -> e.setPayload(PromptInjectionAttempt.newBuilder(
                        (PromptInjectionAttempt) e.getPayload()).setConfidenceScore(new BigDecimal("1.01")).build()),
                        "confidence_score is 1.01, outside [0, 1]"),
                security(ApiAccessLogEntry.class, e -> e.setPayload(ApiAccessLogEntry.newBuilder(
                        (ApiAccessLogEntry) e.getPayload()).setStatusCode(700).build()), "status_code 700 is not an HTTP status"),
                security(ApiAccessLogEntry.class, e -> e.setPayload(ApiAccessLogEntry.newBuilder(
                        (ApiAccessLogEntry) e.getPayload()).setIpAddress("gateway.internal").build()),
                        "ip_address 'gateway.internal' is not an IPv4 or IPv6 address"),
                security(ApiAccessLogEntry.class, e -> e.setPayload(ApiAccessLogEntry.newBuilder(
                        (ApiAccessLogEntry) e.getPayload()).setMethod("PROPPATCHES").build()),
                        "method has 11 characters, more than its column's 10"),
                security(AuditLogEntry.class, e -> e.setPayload(AuditLogEntry.newBuilder(
                        (AuditLogEntry) e.getPayload()).setDetails("{").build()), "details is not JSON: "),
                security(AuditLogEntry.class, e -> e.setTenantId(null).setOrganizationId(null), "a AuditLogEntry has no organization_id"),
                security(ApiAccessLogEntry.class, e -> e.setPayload(ApiAccessLogEntry.newBuilder(
                        (ApiAccessLogEntry) e.getPayload()).setIpAddress(":::").build()), "ip_address ':::' is not an IPv4 or IPv6 address"),
                security(ApiAccessLogEntry.class, e -> e.setPayload(ApiAccessLogEntry.newBuilder(
                        (ApiAccessLogEntry) e.getPayload()).setIpAddress("1::2::3").build()),
                        "ip_address '1::2::3' is not an IPv4 or IPv6 address"),
                security(ApiAccessLogEntry.class, e -> e.setPayload(ApiAccessLogEntry.newBuilder(
                        (ApiAccessLogEntry) e.getPayload()).setIpAddress("2001:db8::/32").build()), null),
                security(ApiAccessLogEntry.class, e -> e.setPayload(ApiAccessLogEntry.newBuilder(
                        (ApiAccessLogEntry) e.getPayload()).setIpAddress("::ffff:1.2.3.4").build()), null),
                security(ApiAccessLogEntry.class, e -> e.setPayload(ApiAccessLogEntry.newBuilder(
                        (ApiAccessLogEntry) e.getPayload()).setIpAddress(".:1").build()), "ip_address '.:1' is not an IPv4 or IPv6 address"),
                security(LoginAttempt.class, e -> e.setPayload(LoginAttempt.newBuilder(
                        (LoginAttempt) e.getPayload()).setIpAddress("300.1.1.1").build()),
                        "ip_address '300.1.1.1' is not an IPv4 or IPv6 address"),
                security(GenericSecurityEvent.class, e -> e.setPayload(GenericSecurityEvent.newBuilder(
                        (GenericSecurityEvent) e.getPayload()).setSource(" ").build()), "source is empty"));
    }

    private static Arguments call(UnaryOperator<CallEvent.Builder> change, String violation) {
        return Arguments.of(change.apply(CallEvent.newBuilder(SampleEvents.callEvent())).build(), violation);
    }

    private static Arguments tool(UnaryOperator<ToolExecutionEvent.Builder> change, String violation) {
        return Arguments.of(change.apply(ToolExecutionEvent.newBuilder(SampleEvents.toolExecutionEvent())).build(), violation);
    }

    private static Arguments usage(UnaryOperator<UsageEvent.Builder> change, String violation) {
        return Arguments.of(change.apply(UsageEvent.newBuilder(SampleEvents.usageEvent())).build(), violation);
    }

    private static Arguments security(Class<?> kind, UnaryOperator<SecurityEvent.Builder> change, String violation) {
        Object payload = SampleEvents.securityPayloads().stream().filter(kind::isInstance).findFirst().orElseThrow();
        return Arguments.of(change.apply(SecurityEvent.newBuilder(SampleEvents.securityEvent(payload))).build(), violation);
    }

    /** Each rule alone: the sample event with one thing broken gets one dead letter naming it (null: still valid). */
    @ParameterizedTest(name = "{1}")
    @MethodSource("brokenEvents")
    void eachRuleDeadLettersTheEventWithASentenceNamingTheFieldAndValue(SpecificRecordBase event, String violation)
            throws Exception {
        Outcome<SpecificRecordBase> outcome = validate(event);
        if (violation == null) {
            assertThat(outcome.messages()).isEmpty();
            assertThat(outcome.passed()).hasSize(1);
            return;
        }
        assertThat(outcome.passed()).isEmpty();
        assertThat(outcome.messages()).singleElement().satisfies(m -> {
            if (violation.endsWith(": ")) {
                assertThat(m).startsWith(violation).hasSizeGreaterThan(violation.length());
            } else {
                assertThat(m).isEqualTo(violation);
            }
        });
    }

    @Test
    void allViolationsOfOneEventGoIntoOneDeadLetter() throws Exception {
        UsageEvent bad = UsageEvent.newBuilder(SampleEvents.usageEvent()).setKind(UsageEventKind.VOID)
                .setCorrectsEventId(null).setReason(" ").build();

        assertThat(validate(bad).messages()).containsExactly("a VOID has no corrects_event_id; reason of a VOID is empty");
    }
}
