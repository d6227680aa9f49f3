package com.aybiza.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.DeadLetter;
import com.aybiza.events.PromptInjectionAttempt;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionPhase;
import com.aybiza.events.ToolExecutionStatus;
import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EventValidationFunctionTest {

    private static final Instant NOW = SampleEvents.T0.plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
    private static final Duration SKEW = Duration.ofMinutes(5);

    /** Runs {@code events} through the validation of their type; returns the events that passed and the dead letters. */
    private static <T extends SpecificRecordBase> Outcome<T> validate(Class<T> type, List<SourcedEvent<T>> events)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<SourcedEvent<T>, SourcedEvent<T>> harness =
                     TestRecords.harness(new EventValidationFunction<>(type, SKEW), type)) {
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

    private record Outcome<T extends SpecificRecordBase>(List<SourcedEvent<T>> passed, List<DeadLetter> letters) {
        List<String> messages() {
            return letters.stream().map(l -> l.getErrorMessage().toString()).toList();
        }
    }

    @Test
    void theSampleEventsOfEveryContractPass() throws Exception {
        assertThat(validate(CallEvent.class, List.of(TestRecords.sourced(SampleEvents.callEvent(), 1))).passed()).hasSize(1);
        assertThat(validate(ToolExecutionEvent.class, List.of(TestRecords.sourced(SampleEvents.toolExecutionEvent(), 1))).passed()).hasSize(1);
        assertThat(validate(UsageEvent.class, List.of(TestRecords.sourced(SampleEvents.usageEvent(), 1))).passed()).hasSize(1);
        List<SourcedEvent<SecurityEvent>> security = SampleEvents.securityPayloads().stream()
                .map(p -> TestRecords.sourced(SampleEvents.securityEvent(p), 1)).toList();
        Outcome<SecurityEvent> outcome = validate(SecurityEvent.class, security);
        assertThat(outcome.messages()).isEmpty();
        assertThat(outcome.passed()).hasSize(6);
    }

    @Test
    void anEventFromBeyondTheAllowedClockSkewIsDeadLetteredAndOneWithinItPasses() throws Exception {
        CallEvent within = CallEvent.newBuilder(SampleEvents.callEvent()).setEventTime(NOW.plus(Duration.ofMinutes(4))).build();
        CallEvent beyond = CallEvent.newBuilder(SampleEvents.callEvent()).setEventTime(NOW.plus(Duration.ofDays(30))).build();
        SourcedEvent<CallEvent> late = TestRecords.sourced(beyond, 8);

        Outcome<CallEvent> outcome = validate(CallEvent.class, List.of(TestRecords.sourced(within, 7), late));

        assertThat(outcome.passed()).extracting(s -> s.source.offset).containsExactly(7L);
        DeadLetter letter = outcome.letters().get(0);
        assertThat(letter.getFailedStage().toString()).isEqualTo("validate");
        assertThat(letter.getErrorClass().toString()).isEqualTo(InvalidEventException.class.getName());
        assertThat(letter.getErrorMessage().toString())
                .isEqualTo("event_time " + NOW.plus(Duration.ofDays(30)) + " is PT720H ahead of the processing clock, "
                        + "more than the PT5M of clock skew allowed");
        assertThat(letter.getSourceOffset()).isEqualTo(8L);
        assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(late.source.value));
        assertThat(letter.getFailedAt()).isEqualTo(NOW);
    }

    @Test
    void aUsageRecordWithANegativeQuantityThatCorrectsSomethingGetsOneDeadLetterNamingBoth() throws Exception {
        UsageEvent bad = UsageEvent.newBuilder(SampleEvents.usageEvent()).setKind(UsageEventKind.RECORD)
                .setQuantity(new BigDecimal("-2.000000")).build();
        UsageEvent overflow = UsageEvent.newBuilder(SampleEvents.usageEvent())
                .setTotalCost(new BigDecimal("12345.000000")).build();
        UsageEvent voidWithoutTarget = UsageEvent.newBuilder(SampleEvents.usageEvent()).setKind(UsageEventKind.VOID)
                .setCorrectsEventId(null).setReason(" ").build();

        // The Java codec refuses to write a value beyond the schema's precision; a producer in another language may not.
        Outcome<UsageEvent> outcome = validate(UsageEvent.class, List.of(TestRecords.sourced(bad, 1),
                TestRecords.sourced(overflow, 2, new byte[] {1}), TestRecords.sourced(voidWithoutTarget, 3)));

        assertThat(outcome.passed()).isEmpty();
        assertThat(outcome.messages()).containsExactly(
                "quantity is negative: -2.000000; a RECORD names corrects_event_id " + SampleEvents.id("usage-record"),
                "total_cost 12345.000000 does not fit its DECIMAL(10,6) column",
                "a VOID has no corrects_event_id; reason of a VOID is empty");
    }

    @Test
    void toolCallAndSecurityRulesNameWhatIsWrong() throws Exception {
        ToolExecutionEvent tool = ToolExecutionEvent.newBuilder(SampleEvents.toolExecutionEvent())
                .setPhase(ToolExecutionPhase.completed).setStatus(ToolExecutionStatus.completed).setCompletedAt(null)
                .setInputData("{order_id: A-1001").build();
        CallEvent call = CallEvent.newBuilder(SampleEvents.callEvent()).setStatus(CallStatus.completed).setEndTime(null)
                .setQualityScore(new BigDecimal("1.50")).build();
        SecurityEvent injection = SecurityEvent.newBuilder(SampleEvents.securityEvent(SampleEvents.securityPayloads().stream()
                .filter(PromptInjectionAttempt.class::isInstance).findFirst().orElseThrow())).setTenantId(null).build();

        assertThat(validate(ToolExecutionEvent.class, List.of(TestRecords.sourced(tool, 1))).messages()).singleElement()
                .satisfies(m -> assertThat(m).startsWith("input_data is not JSON: ")
                        .endsWith("; a completed execution has no completed_at"));
        assertThat(validate(CallEvent.class, List.of(TestRecords.sourced(call, 1))).messages())
                .containsExactly("quality_score is 1.50, outside [0, 1]; a completed call has no end_time");
        assertThat(validate(SecurityEvent.class, List.of(TestRecords.sourced(injection, 1))).messages())
                .containsExactly("a PromptInjectionAttempt has no tenant_id");
    }
}
