package com.aybiza.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.EventTopic;
import com.aybiza.events.GenericSecurityEvent;
import com.aybiza.events.LoginAttempt;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.SecurityEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.ingest.TestRecords;
import com.aybiza.jobs.security.SecurityEventFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BurstDetectionTest {

    private static final Instant T0 = SecurityEventFixtures.T0;
    private static final Duration WINDOW = BurstRule.FAILED_LOGINS.window();
    private static final SecurityEventFixtures FIXTURES = new SecurityEventFixtures(SampleEvents.ORGANIZATION,
            SampleEvents.TENANT, SampleEvents.AGENT, SampleEvents.AGENT_VERSION,
            UUID.fromString("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"), null);

    private KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent<SecurityEvent>,
            EnrichedEvent<SecurityEvent>> harness;
    private long offset;
    private int name;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent<SecurityEvent>,
            EnrichedEvent<SecurityEvent>> harness() throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new BurstDetection()),
                (EnrichedEvent<SecurityEvent> e) -> EventTopic.keyOf(e.event.getTenantId(),
                        e.event.getOrganizationId()), Types.STRING);
        harness.setup(EnrichedEvent.enrichedTypeInfo(SecurityEvent.class)
                .createSerializer(new ExecutionConfig().getSerializerConfig()));
        return harness;
    }

    private EnrichedEvent<SecurityEvent> failedLogin(UUID user, String ip, Instant at) {
        SecurityEvent event = FIXTURES.login("login-" + name++);
        LoginAttempt login = LoginAttempt.newBuilder((LoginAttempt) event.getPayload()).setUserId(user)
                .setIpAddress(ip).build();
        event.setPayload(login);
        event.setEventTime(at);
        return new EnrichedEvent<>(TestRecords.sourced(event, offset++), null, null);
    }

    private EnrichedEvent<SecurityEvent> injection(Instant at) {
        SecurityEvent event = FIXTURES.promptInjection("injection-" + name++);
        event.setEventTime(at);
        return new EnrichedEvent<>(TestRecords.sourced(event, offset++), null, null);
    }

    private void send(EnrichedEvent<SecurityEvent> event) throws Exception {
        harness.processElement(new StreamRecord<>(event, event.event.getEventTime().toEpochMilli()));
    }

    private List<EnrichedEvent<SecurityEvent>> detectionsUpTo(Instant watermark) throws Exception {
        harness.processWatermark(new Watermark(watermark.toEpochMilli()));
        List<EnrichedEvent<SecurityEvent>> out = new ArrayList<>(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void theFifthFailedLoginWithinFiveMinutesIsOneDetectionForUserAndAddressTogether() throws Exception {
        UUID user = UUID.randomUUID();
        List<EnrichedEvent<SecurityEvent>> logins = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            logins.add(failedLogin(user, "203.0.113.9", T0.plusSeconds(i * 74L))); // the fifth at 4 min 56 s
        }
        for (int i = 0; i < 4; i++) {
            send(logins.get(i));
        }
        assertThat(detectionsUpTo(T0.plus(Duration.ofMinutes(10)))).as("four are not enough").isEmpty();

        harness.close();
        harness = harness();
        harness.open();
        logins.forEach(l -> {
            try {
                send(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<EnrichedEvent<SecurityEvent>> found = detectionsUpTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(found).hasSize(1);
        SecurityEvent detection = found.get(0).event;
        GenericSecurityEvent payload = (GenericSecurityEvent) detection.getPayload();
        assertThat(payload.getSource()).isEqualTo(Detection.SOURCE);
        assertThat(payload.getSeverity().name()).isEqualTo("high");
        assertThat(payload.getUserId()).isEqualTo(user);
        assertThat(detection.getEventTime()).isEqualTo(logins.get(4).event.getEventTime());
        assertThat(detection.getEventId()).isEqualTo(Detection.eventId(Detection.Kind.BRUTE_FORCE,
                EventTopic.keyOf(SampleEvents.TENANT, SampleEvents.ORGANIZATION),
                logins.get(4).event.getEventId().toString()));
        JsonNode details = json(payload.getDetails());
        assertThat(details.get("rule").asText()).isEqualTo("brute_force");
        assertThat(details.at("/evidence/incidents").size()).as("the user's and the address's incident").isEqualTo(2);
        assertThat(details.at("/evidence/incidents/user " + user + "/events_in_window").asInt()).isEqualTo(5);
        assertThat(json(payload.getAutomatedResponse()).get("executed").asBoolean()).isFalse();
        assertThat(found.get(0).source).as("the trigger's record, for a dead letter").isEqualTo(logins.get(4).source);
    }

    @Test
    void fiveFailuresSpanningExactlyTheWindowAreNoIncident() throws Exception {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            send(failedLogin(user, "203.0.113." + i, T0.plusSeconds(i * 75L))); // first and fifth 5 min apart
        }
        assertThat(detectionsUpTo(T0.plus(Duration.ofMinutes(20)))).isEmpty();
    }

    @Test
    void anIncidentIsReportedOnceAndAQuietWindowStartsANewOne() throws Exception {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            send(failedLogin(user, "203.0.113.9", T0.plusSeconds(i * 20L)));
        }
        assertThat(detectionsUpTo(T0.plus(Duration.ofMinutes(8)))).hasSize(1);
        Instant later = T0.plusSeconds(19 * 20L).plus(WINDOW);
        for (int i = 0; i < 5; i++) {
            send(failedLogin(user, "203.0.113.9", later.plusSeconds(i)));
        }
        assertThat(detectionsUpTo(later.plus(Duration.ofMinutes(1)))).hasSize(1);
    }

    @Test
    void failuresOfThreeOrMoreUsersFromOneAddressAreCredentialStuffing() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(failedLogin(UUID.randomUUID(), "192.0.2.77", T0.plusSeconds(i)));
        }
        List<EnrichedEvent<SecurityEvent>> found = detectionsUpTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(found).hasSize(1);
        GenericSecurityEvent payload = (GenericSecurityEvent) found.get(0).event.getPayload();
        assertThat(json(payload.getDetails()).get("rule").asText()).isEqualTo("credential_stuffing");
        assertThat(payload.getSeverity().name()).isEqualTo("critical");
        assertThat(payload.getUserId()).isNull();
    }

    @Test
    void theSameEventsInAnotherOrderMakeTheSameDetection() throws Exception {
        UUID user = UUID.randomUUID();
        List<EnrichedEvent<SecurityEvent>> logins = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            logins.add(failedLogin(user, "203.0.113.9", T0.plusSeconds(i * 10L)));
        }
        for (EnrichedEvent<SecurityEvent> login : logins) {
            send(login);
        }
        UUID inOrder = detectionsUpTo(T0.plus(Duration.ofMinutes(1))).get(0).event.getEventId();

        harness.close();
        harness = harness();
        harness.open();
        for (int i = logins.size() - 1; i >= 0; i--) {
            send(logins.get(i)); // reversed, all before the watermark passes them
        }
        List<EnrichedEvent<SecurityEvent>> reversed = detectionsUpTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(reversed).singleElement().satisfies(d -> assertThat(d.event.getEventId()).isEqualTo(inOrder));
    }

    @Test
    void threeInjectionsAgainstOneAgentAreADetectionTwoAreNone() throws Exception {
        send(injection(T0));
        send(injection(T0.plusSeconds(100)));
        assertThat(detectionsUpTo(T0.plusSeconds(200))).isEmpty();
        send(injection(T0.plusSeconds(250)));
        List<EnrichedEvent<SecurityEvent>> found = detectionsUpTo(T0.plusSeconds(300));
        assertThat(found).singleElement().satisfies(d -> assertThat(json(((GenericSecurityEvent) d.event
                .getPayload()).getDetails()).get("rule").asText()).isEqualTo("prompt_injection_burst"));
    }

    @Test
    void pendingEventsAndIncidentsSurviveASnapshotAndAreClearedAfterTheWindow() throws Exception {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            send(failedLogin(user, "203.0.113.9", T0.plusSeconds(i)));
        }
        detectionsUpTo(T0.plusSeconds(1)); // the first two are taken, the third waits
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = harness();
        harness.initializeState(snapshot);
        harness.open();
        send(failedLogin(user, "203.0.113.9", T0.plusSeconds(3)));
        send(failedLogin(user, "203.0.113.9", T0.plusSeconds(4)));
        assertThat(detectionsUpTo(T0.plusSeconds(10))).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        detectionsUpTo(T0.plusSeconds(4).plus(WINDOW));
        assertThat(harness.numKeyedStateEntries()).as("the incidents ended with a quiet window").isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aLateEventOlderThanTheIncidentsWindowCannotChangeIt() throws Exception {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            send(failedLogin(user, "203.0.113.9", T0.plus(Duration.ofMinutes(20)).plusSeconds(i)));
        }
        detectionsUpTo(T0.plus(Duration.ofMinutes(21)));
        send(failedLogin(user, "203.0.113.9", T0)); // 20 minutes late
        assertThat(detectionsUpTo(T0.plus(Duration.ofMinutes(22)))).isEmpty();
    }
}
