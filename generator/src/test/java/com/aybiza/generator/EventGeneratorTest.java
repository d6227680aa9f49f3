package com.aybiza.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.EventTopic;
import com.aybiza.events.LoginAttempt;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
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
    }

    @Test
    void billableQuantitiesAreTheNetOfRecordsCorrectionsAndVoids() throws Exception {
        // Corrections come 30 s after the charge they fix: two minutes of event time shows a few dozen.
        Run run = run(settings(11, 0, 2_000, Duration.ofSeconds(120)));
        List<UsageEvent> usage = Decoded.of(run.sink().records).of(UsageEvent.class);
        Map<UUID, BigDecimal> billedByEvent = new HashMap<>();
        Map<String, Map<String, BigDecimal>> expected = new TreeMap<>();
        for (UsageEvent event : usage) {
            BigDecimal delta = switch (event.getKind()) {
                case RECORD -> event.getQuantity();
                case CORRECTION -> event.getQuantity().subtract(billedByEvent.get(event.getCorrectsEventId()));
                case VOID -> billedByEvent.get(event.getCorrectsEventId()).negate();
            };
            if (event.getKind() == UsageEventKind.RECORD) {
                billedByEvent.put(event.getEventId(), event.getQuantity());
            }
            expected.computeIfAbsent(event.getTenantId().toString(), t -> new TreeMap<>())
                    .merge(event.getResourceType(), delta, BigDecimal::add);
        }

        assertThat(usage.stream().map(UsageEvent::getKind).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(UsageEventKind.RECORD, UsageEventKind.CORRECTION, UsageEventKind.VOID);
        assertThat(usage.stream().map(UsageEvent::getResourceType).collect(Collectors.toSet()))
                .contains("call_minutes", "agent_sessions", "api_calls", "storage_gb", "tool_executions", "model_tokens");
        assertThat(run.ledger().billable()).isEqualTo(expected);
        assertThat(usage).allSatisfy(u -> assertThat(u.getTotalCost())
                .isEqualByComparingTo(u.getQuantity().multiply(u.getUnitPrice()).setScale(6, java.math.RoundingMode.HALF_UP)));
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
