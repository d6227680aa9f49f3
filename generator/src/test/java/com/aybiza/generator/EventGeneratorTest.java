package com.aybiza.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.EventTopic;
import com.aybiza.events.LoginAttempt;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionStatus;
import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {

    private static final Instant START = Instant.parse("2026-11-27T09:00:00Z");

    private static GeneratorSettings settings(long seed, double badRatio, double rate, Duration duration) {
        return new GeneratorSettings("unused:9092", OptionalDouble.of(rate), duration, 6, 18, seed, badRatio, START,
                30, Optional.empty(), Optional.empty(), Duration.ofHours(1));
    }

    private record Run(Ledger ledger, CollectingSink sink, ReferenceData reference) {}

    private static Run run(GeneratorSettings settings) throws Exception {
        ReferenceData reference = ReferenceDataFactory.create(settings.seed(), settings.tenants(), settings.agents());
        CollectingSink sink = new CollectingSink();
        Ledger ledger = new EventGenerator(settings, new PrintWriter(new StringWriter()), false).run(reference, sink);
        return new Run(ledger, sink, reference);
    }

    /** bin/aybiza local stops an unbounded run on Ctrl-C: its ledger must count exactly what reached the sink. */
    @Test
    void aStoppedRunsLedgerCountsExactlyWhatWasSent() throws Exception {
        GeneratorSettings settings = settings(9, 0, 2_000, Duration.ofDays(1));
        ReferenceData reference = ReferenceDataFactory.create(settings.seed(), settings.tenants(), settings.agents());
        CollectingSink sink = new CollectingSink();
        EventGenerator generator = new EventGenerator(settings, new PrintWriter(new StringWriter()), false);

        Ledger ledger = generator.run(reference, sink, () -> sink.records.size() >= 5_000);

        assertThat(sink.records).hasSize(5_000);
        assertThat(ledger.total()).isEqualTo(sink.records.size());
        assertThat(generator.recordsWritten()).isEqualTo(sink.records.size());
        long usageSent = Decoded.of(sink.records).of(UsageEvent.class).size();
        assertThat(ledger.rows()).containsEntry("billing.usage_metering", usageSent);
    }

    /** bin/aybiza bench pre-fills its topics unpaced: the records of the rate, as fast as they can go. */
    @Test
    void anUnpacedRunWritesWhatThePacedRunWrites() throws Exception {
        GeneratorSettings settings = settings(11, 0, 1_000, Duration.ofSeconds(2));
        ReferenceData reference = ReferenceDataFactory.create(settings.seed(), settings.tenants(), settings.agents());
        CollectingSink paced = new CollectingSink();
        new EventGenerator(settings, new PrintWriter(new StringWriter())).run(reference, paced);
        CollectingSink unpaced = new CollectingSink();
        EventGenerator.unpaced(settings, new PrintWriter(new StringWriter())).run(reference, unpaced);

        assertThat(unpaced.records).hasSizeGreaterThan(1_000);
        assertThat(digest(unpaced)).isEqualTo(digest(paced));
    }

    @Test
    void anUnpacedRunNeedsARateToLayOutEventTime() {
        GeneratorSettings max = new GeneratorSettings("unused:9092", OptionalDouble.empty(), Duration.ofSeconds(1), 6,
                18, 1, 0, START, 30, Optional.empty(), Optional.empty(), Duration.ofHours(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> EventGenerator.unpaced(max, new PrintWriter(new StringWriter())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
    }

    private static String digest(CollectingSink sink) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (CollectingSink.Sent sent : sink.records) {
            sha.update(sent.topic().getBytes());
            sha.update(sent.key());
            sha.update(sent.value());
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void sameSeedWritesTheSameRecordsByteForByte() throws Exception {
        Run first = run(settings(42, 0.01, 20_000, Duration.ofSeconds(3)));
        Run second = run(settings(42, 0.01, 20_000, Duration.ofSeconds(3)));
        Run other = run(settings(43, 0.01, 20_000, Duration.ofSeconds(3)));

        assertThat(first.sink().records).hasSizeGreaterThan(50_000);
        assertThat(digest(second.sink())).isEqualTo(digest(first.sink()));
        assertThat(digest(other.sink())).isNotEqualTo(digest(first.sink()));
        assertThat(first.reference()).isEqualTo(second.reference());
    }

    @Test
    void aRunThatStartsAnotherDayWritesOtherEventsUnderOtherIds() throws Exception {
        GeneratorSettings today = settings(42, 0, 20_000, Duration.ofSeconds(1));
        GeneratorSettings tomorrow = new GeneratorSettings(today.bootstrapServers(), today.rate(), today.duration(),
                today.tenants(), today.agents(), today.seed(), 0, START.plus(Duration.ofDays(1)), today.meanCallSeconds(),
                Optional.empty(), Optional.empty(), today.progressInterval());

        Set<UUID> todaysIds = Decoded.of(run(today).sink().records).events.stream().map(EventGeneratorTest::idOf)
                .collect(Collectors.toSet());
        List<UUID> tomorrowsIds = Decoded.of(run(tomorrow).sink().records).events.stream().map(EventGeneratorTest::idOf).toList();

        assertThat(tomorrowsIds).isNotEmpty().noneMatch(todaysIds::contains);
    }

    @Test
    void ledgerCountsEveryRecordAndEveryMalformedKind() throws Exception {
        Run run = run(settings(7, 0.02, 20_000, Duration.ofSeconds(2)));
        Decoded decoded = Decoded.of(run.sink().records);
        Set<UUID> tenants = run.reference().tenants().stream().map(ReferenceData.Tenant::id).collect(Collectors.toSet());

        for (EventTopic topic : EventTopic.values()) {
            assertThat(run.sink().records.stream().filter(r -> r.topic().equals(topic.topicName())).count())
                    .as(topic.topicName()).isEqualTo(run.ledger().topicTotal(topic));
        }
        Map<String, Long> malformed = run.ledger().malformedByKind();
        assertThat(malformed.keySet()).containsExactlyInAnyOrder("random_bytes", "truncated_avro",
                "unknown_schema_fingerprint", "unknown_tenant", "enum_outside_check_list", "far_future");
        // Every malformed kind shows itself to a consumer the way the ledger says it will.
        assertThat(decoded.failures.stream().filter(f -> f.contains("not an Avro single-object message")).count())
                .isEqualTo(malformed.get("random_bytes"));
        assertThat(decoded.failures.stream().filter(f -> f.contains("truncated")).count())
                .isEqualTo(malformed.get("truncated_avro"));
        assertThat(decoded.failures.stream().filter(f -> f.contains("unknown writer schema fingerprint")).count())
                .isEqualTo(malformed.get("unknown_schema_fingerprint"));
        assertThat(decoded.failures.stream().filter(f -> f.contains("corrupt message")).count())
                .isEqualTo(malformed.get("enum_outside_check_list"));
        assertThat(decoded.failures).hasSize((int) (malformed.get("random_bytes") + malformed.get("truncated_avro")
                + malformed.get("unknown_schema_fingerprint") + malformed.get("enum_outside_check_list")));
        assertThat(decoded.events.stream().filter(e -> !tenants.contains(tenantOf(e))).count())
                .isEqualTo(malformed.get("unknown_tenant"));
        assertThat(decoded.events.stream().filter(e -> timeOf(e).isAfter(START.plus(Duration.ofDays(29)))).count())
                .isEqualTo(malformed.get("far_future"));
        // The JSON has them per topic as well: each topic's add up to its malformed records, each kind's to its total.
        JsonNode json = run.ledger().toJson(settings(7, 0.02, 20_000, Duration.ofSeconds(2)));
        Map<String, Long> perKind = new HashMap<>();
        for (EventTopic topic : EventTopic.values()) {
            JsonNode kinds = json.at("/malformed_by_topic/" + topic.topicName());
            long sum = 0;
            for (MalformedKind kind : MalformedKind.values()) {
                sum += kinds.get(kind.label()).asLong();
                perKind.merge(kind.label(), kinds.get(kind.label()).asLong(), Long::sum);
            }
            assertThat(sum).as(topic.topicName())
                    .isEqualTo(json.at("/topics/" + topic.topicName() + "/malformed").asLong());
        }
        assertThat(perKind).isEqualTo(malformed);
    }

    @Test
    void billableQuantityAndCostFollowTheBillingRuleWithTargetsCorrectedThenVoided() throws Exception {
        Run run = run(settings(11, 0, 2_000, Duration.ofSeconds(20)));
        List<UsageEvent> usage = Decoded.of(run.sink().records).of(UsageEvent.class);

        // The rule, worked out here on its own: group by target, the latest correction or the record, 0 once voided.
        Map<UUID, UsageEvent> records = new HashMap<>();
        Map<UUID, List<UsageEvent>> adjustments = new HashMap<>();
        for (UsageEvent event : usage) {
            if (event.getKind() == UsageEventKind.RECORD) {
                records.put(event.getEventId(), event);
            } else {
                adjustments.computeIfAbsent(event.getCorrectsEventId(), id -> new ArrayList<>()).add(event);
            }
        }
        Map<String, Map<String, BigDecimal>> quantity = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> cost = new TreeMap<>();
        for (UsageEvent target : records.values()) {
            List<UsageEvent> fixes = adjustments.getOrDefault(target.getEventId(), List.of());
            UsageEvent billed = fixes.stream().filter(f -> f.getKind() == UsageEventKind.CORRECTION)
                    .max(Comparator.comparing(UsageEvent::getEventTime).thenComparing(f -> f.getEventId().toString()))
                    .orElse(target);
            boolean voided = fixes.stream().anyMatch(f -> f.getKind() == UsageEventKind.VOID);
            String tenant = target.getTenantId().toString();
            quantity.computeIfAbsent(tenant, t -> new TreeMap<>()).merge(target.getResourceType(),
                    voided ? new BigDecimal("0.000000") : billed.getQuantity(), BigDecimal::add);
            cost.computeIfAbsent(tenant, t -> new TreeMap<>()).merge(target.getResourceType(),
                    voided ? new BigDecimal("0.000000") : billed.getTotalCost(), BigDecimal::add);
        }

        assertThat(usage.stream().map(UsageEvent::getResourceType).collect(Collectors.toSet()))
                .contains("call_minutes", "agent_sessions", "api_calls", "storage_gb", "tool_executions", "model_tokens");
        assertThat(records.keySet()).containsAll(adjustments.keySet());
        // Corrected, then voided (a dispute, or a test call): the "0 once voided" path of the rule. (Voided, then
        // corrected happens too, but a few times a run only: LedgerBillingRuleTest covers it.)
        assertThat(adjustments.values()).filteredOn(fixes -> fixes.stream().map(UsageEvent::getKind).toList()
                .equals(List.of(UsageEventKind.CORRECTION, UsageEventKind.VOID))).hasSizeGreaterThan(10);
        assertThat(adjustments.values()).filteredOn(fixes -> fixes.size() > 1)
                .allSatisfy(fixes -> assertThat(fixes).extracting(UsageEvent::getResourceType)
                        .containsOnly("call_minutes"));
        assertThat(run.ledger().billable()).isEqualTo(quantity);
        assertThat(run.ledger().billableCost()).isEqualTo(cost);
        assertThat(run.ledger().orphanAdjustments()).isZero();
        assertThat(usage).allSatisfy(u -> assertThat(u.getTotalCost())
                .isEqualByComparingTo(u.getQuantity().multiply(u.getUnitPrice()).setScale(6, java.math.RoundingMode.HALF_UP)));
    }

    @Test
    void aShortRunHasCorrectionsAndVoidsOfChargesInTheRun() throws Exception {
        // The command line's defaults for the call length; 10 s at 200 events/s, 5 tenants.
        GeneratorSettings shortRun = new GeneratorSettings("unused:9092", OptionalDouble.of(200),
                Duration.ofSeconds(10), 5, 15, 42, 0, START, 60, Optional.empty(), Optional.empty(),
                Duration.ofHours(1));
        Run run = run(shortRun);
        List<UsageEvent> usage = Decoded.of(run.sink().records).of(UsageEvent.class);
        Map<UUID, Instant> recordedAt = usage.stream().filter(u -> u.getKind() == UsageEventKind.RECORD)
                .collect(Collectors.toMap(UsageEvent::getEventId, UsageEvent::getEventTime));

        assertThat(usage).extracting(UsageEvent::getKind).contains(UsageEventKind.CORRECTION, UsageEventKind.VOID);
        assertThat(usage).filteredOn(u -> u.getKind() != UsageEventKind.RECORD).allSatisfy(fix ->
                assertThat(fix.getEventTime()).isAfter(recordedAt.get(fix.getCorrectsEventId())));
        assertThat(run.ledger().orphanAdjustments()).isZero();
    }

    @Test
    void rowsCountWhatThePipelineStoresForTheValidEvents() throws Exception {
        // A minute, so that an incident's alert (the generic security event) comes too.
        GeneratorSettings settings = settings(3, 0.02, 1_000, Duration.ofSeconds(60));
        Run run = run(settings);
        Set<UUID> tenants = run.reference().tenants().stream().map(ReferenceData.Tenant::id)
                .collect(Collectors.toSet());
        // Malformed records that still decode are those with an unknown tenant or a far-future time.
        List<SpecificRecord> valid = Decoded.of(run.sink().records).events.stream()
                .filter(e -> tenants.contains(tenantOf(e)) && timeOf(e).isBefore(START.plus(Duration.ofDays(1))))
                .toList();
        List<CallEvent> calls = valid.stream().filter(CallEvent.class::isInstance).map(CallEvent.class::cast).toList();
        Set<CallStatus> terminal = Set.of(CallStatus.completed, CallStatus.busy, CallStatus.failed,
                CallStatus.no_answer, CallStatus.cancelled);
        Map<String, Long> security = valid.stream().filter(SecurityEvent.class::isInstance)
                .collect(Collectors.groupingBy(e -> ((SecurityEvent) e).getPayload().getClass().getSimpleName(),
                        Collectors.counting()));

        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("billing.usage_metering", valid.stream().filter(UsageEvent.class::isInstance).count());
        expected.put("call_analytics.calls", calls.stream().map(CallEvent::getCallSid).distinct().count());
        expected.put("call_analytics.call_analytics", calls.stream().filter(c -> terminal.contains(c.getStatus()))
                .map(CallEvent::getCallSid).distinct().count());
        expected.put("agent_intelligence.tool_executions", valid.stream().filter(ToolExecutionEvent.class::isInstance)
                .map(e -> ((ToolExecutionEvent) e).getExecutionId()).distinct().count());
        List<CallEvent> ended = calls.stream().filter(c -> terminal.contains(c.getStatus()) && c.getAgentId() != null)
                .toList();
        expected.put("quality.call_quality_scores", ended.stream().filter(c -> c.getAnswerTime() != null)
                .map(CallEvent::getCallSid).distinct().count());
        Set<String> agentDays = new HashSet<>();
        ended.forEach(c -> agentDays.add(c.getAgentId() + " " + c.getEndTime().atOffset(ZoneOffset.UTC).toLocalDate()));
        valid.stream().filter(ToolExecutionEvent.class::isInstance).map(ToolExecutionEvent.class::cast)
                .filter(t -> t.getStatus() == ToolExecutionStatus.completed || t.getStatus() == ToolExecutionStatus.failed)
                .forEach(t -> agentDays.add(t.getAgentId() + " " + t.getStartedAt().atOffset(ZoneOffset.UTC).toLocalDate()));
        expected.put("quality.agent_performance_metrics", (long) agentDays.size());
        expected.put("security.prompt_injection_attempts", security.getOrDefault("PromptInjectionAttempt", 0L));
        expected.put("security.voice_security_events", security.getOrDefault("VoiceSecurityEvent", 0L));
        expected.put("security.api_access_logs", security.getOrDefault("ApiAccessLogEntry", 0L));
        expected.put("security.audit_logs", security.getOrDefault("AuditLogEntry", 0L));
        expected.put("identity.login_history", security.getOrDefault("LoginAttempt", 0L));
        ExpectedDetections detections = new ExpectedDetections();
        valid.stream().filter(SecurityEvent.class::isInstance).forEach(e -> detections.add((SecurityEvent) e));
        expected.put("security.security_events", security.getOrDefault("GenericSecurityEvent", 0L)
                + detections.count());

        assertThat(run.ledger().malformedTotal()).isPositive();
        // Calls still in progress when the run ends have no terminal status yet: the two call tables differ.
        assertThat(expected.get("call_analytics.calls")).isGreaterThan(expected.get("call_analytics.call_analytics"));
        assertThat(expected).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
        assertThat(run.ledger().rows()).containsExactlyEntriesOf(expected);
        JsonNode rows = run.ledger().toJson(settings).get("rows");
        List<String> tables = new ArrayList<>();
        rows.fieldNames().forEachRemaining(tables::add);
        assertThat(tables).containsExactlyElementsOf(expected.keySet());
        expected.forEach((table, n) -> assertThat(rows.get(table).asLong()).as(table).isEqualTo(n));
        StringWriter text = new StringWriter();
        run.ledger().print(new PrintWriter(text));
        String analyticsRows = String.format("%,d", expected.get("call_analytics.call_analytics"));
        assertThat(text.toString()).contains("rows the pipeline should store:")
                .containsPattern("call_analytics\\.call_analytics +" + analyticsRows);
    }

    @Test
    void callsToolsAndSecurityEventsBehaveLikeTheEdge() throws Exception {
        // Long enough for calls to start and finish inside the run (talk time is 5 s at least).
        Run run = run(settings(5, 0, 2_000, Duration.ofSeconds(60)));
        Decoded decoded = Decoded.of(run.sink().records);
        List<CallEvent> calls = decoded.of(CallEvent.class);
        Map<String, List<CallStatus>> lifecycles = calls.stream().collect(Collectors.groupingBy(CallEvent::getCallSid,
                Collectors.mapping(CallEvent::getStatus, Collectors.toList())));

        // A call that ended went through initiated and ringing first; an answered one was answered before completing.
        // (Calls already in progress at the start, the run joins mid-flight: they are left out here.)
        assertThat(lifecycles.values()).filteredOn(l -> l.contains(CallStatus.completed) && l.contains(CallStatus.initiated))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).containsExactly(CallStatus.initiated, CallStatus.ringing,
                        CallStatus.answered, CallStatus.completed));
        assertThat(lifecycles.values()).filteredOn(l -> l.contains(CallStatus.busy) && l.contains(CallStatus.initiated))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).containsExactly(CallStatus.initiated, CallStatus.ringing, CallStatus.busy));
        assertThat(calls).filteredOn(c -> c.getStatus() == CallStatus.completed)
                .allSatisfy(c -> assertThat(c.getTurns()).isNotEmpty());

        // Each tool execution starts before it finishes, and belongs to a call that exists.
        Map<UUID, List<ToolExecutionEvent>> executions = decoded.of(ToolExecutionEvent.class).stream()
                .collect(Collectors.groupingBy(ToolExecutionEvent::getExecutionId));
        assertThat(executions).isNotEmpty();
        executions.values().stream().filter(e -> e.size() == 2).forEach(e -> {
            assertThat(e.get(0).getPhase().name()).isEqualTo("started");
            assertThat(e.get(1).getPhase().name()).isIn("completed", "failed");
        });
        // A call seen from its start runs its tools only once it was answered.
        Map<String, Instant> answeredAt = calls.stream().filter(c -> c.getStatus() == CallStatus.answered)
                .collect(Collectors.toMap(CallEvent::getCallSid, CallEvent::getEventTime));
        List<ToolExecutionEvent> ofKnownCalls = executions.values().stream().map(e -> e.get(0))
                .filter(e -> answeredAt.containsKey(e.getCallSid())).toList();
        assertThat(ofKnownCalls).isNotEmpty().allSatisfy(e ->
                assertThat(e.getStartedAt()).isAfter(answeredAt.get(e.getCallSid())));

        // Event time never goes backwards, and an event id is never used twice within a tenant.
        List<Instant> times = decoded.events.stream().map(EventGeneratorTest::timeOf).toList();
        assertThat(times).isSorted();
        Set<String> ids = new HashSet<>();
        assertThat(decoded.events).allSatisfy(e -> assertThat(ids.add(tenantOf(e) + "/" + idOf(e))).isTrue());

        // An incident: ten or more failed logins in a row from one address.
        Map<String, Long> failedByIp = decoded.of(SecurityEvent.class).stream()
                .filter(s -> s.getPayload() instanceof LoginAttempt l && !l.getSuccess())
                .collect(Collectors.groupingBy(s -> ((LoginAttempt) s.getPayload()).getIpAddress(), Collectors.counting()));
        assertThat(failedByIp.values()).anySatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(10));
    }

    private static Object field(SpecificRecord event, String name) {
        return event.get(event.getSchema().getField(name).pos());
    }

    private static UUID tenantOf(SpecificRecord event) {
        return (UUID) field(event, "tenant_id");
    }

    private static Instant timeOf(SpecificRecord event) {
        return (Instant) field(event, "event_time");
    }

    private static UUID idOf(SpecificRecord event) {
        return (UUID) field(event, "event_id");
    }
}
