package com.aybiza.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.LoginAttempt;
import com.aybiza.events.PromptInjectionAction;
import com.aybiza.events.PromptInjectionAttempt;
import com.aybiza.events.PromptInjectionDetectionMethod;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ThreatLevel;
import com.aybiza.events.VoiceDetectionMethod;
import com.aybiza.events.VoiceSecurityAction;
import com.aybiza.events.VoiceSecurityEvent;
import com.aybiza.events.VoiceSecurityEventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExpectedDetectionsTest {

    private static final UUID ORG = UUID.fromString("00000000-0000-4000-8000-00000000000a");
    private static final UUID TENANT = UUID.fromString("00000000-0000-4000-8000-00000000000b");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final ExpectedDetections detections = new ExpectedDetections();
    private int next;

    private void login(UUID user, String ip, long secondsAfterT0) {
        detections.add(envelope(LoginAttempt.newBuilder().setUserId(user).setSuccess(false).setIpAddress(ip).build(),
                secondsAfterT0));
    }

    private void injection(UUID agent, long secondsAfterT0) {
        detections.add(envelope(PromptInjectionAttempt.newBuilder().setAgentId(agent).setInputText("ignore all")
                .setDetectionMethod(PromptInjectionDetectionMethod.rule_based).setConfidenceScore(new BigDecimal("0.90"))
                .setThreatLevel(ThreatLevel.high).setActionTaken(PromptInjectionAction.blocked).build(), secondsAfterT0));
    }

    private SecurityEvent envelope(Object payload, long secondsAfterT0) {
        return SecurityEvent.newBuilder().setEventId(new UUID(0, ++next)).setEventTime(T0.plusSeconds(secondsAfterT0))
                .setOrganizationId(ORG).setTenantId(TENANT).setPayload(payload).build();
    }

    @Test
    void fiveFailedLoginsWithinFiveMinutesAreOneDetectionFourAreNone() {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            login(user, "203.0.113.9", i * 60L);
        }
        assertThat(detections.count()).isZero();
        login(user, "203.0.113.9", 299); // the fifth, just within five minutes of the first
        assertThat(detections.count()).as("one user from one address: one detection, not two").isOne();
        for (int i = 0; i < 10; i++) {
            login(user, "203.0.113.9", 300 + i * 10L);
        }
        assertThat(detections.count()).as("the incident goes on: reported once").isOne();
    }

    @Test
    void fiveFailuresSpanningExactlyFiveMinutesAreNoIncidentAndAGapEndsOne() {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            login(user, "203.0.113." + (10 + i), i * 75L); // the first leaves the window as the fifth comes
        }
        assertThat(detections.count()).isZero();

        UUID other = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            login(other, "198.51.100." + i, 3600 + i);
        }
        for (int i = 0; i < 5; i++) {
            login(other, "198.51.100." + (10 + i), 3600 + 4 + 300 + i); // five minutes of quiet: a new incident
        }
        assertThat(detections.count()).isEqualTo(2);
    }

    @Test
    void failuresOfManyUsersFromOneAddressAreOneDetectionAndInjectionsCountFromThree() {
        for (int i = 0; i < 8; i++) {
            login(UUID.randomUUID(), "192.0.2.77", i * 5L);
        }
        assertThat(detections.count()).isOne();
        UUID agent = UUID.randomUUID();
        injection(agent, 0);
        injection(agent, 100);
        assertThat(detections.count()).isOne();
        injection(agent, 200);
        assertThat(detections.count()).isEqualTo(2);
    }

    @Test
    void everyCriticalVoiceEventIsADetection() {
        for (ThreatLevel level : ThreatLevel.values()) {
            detections.add(envelope(VoiceSecurityEvent.newBuilder().setCallSid("CA1")
                    .setEventType(VoiceSecurityEventType.deepfake_audio)
                    .setDetectionMethod(VoiceDetectionMethod.ai_model).setConfidenceScore(new BigDecimal("0.97"))
                    .setThreatLevel(level).setActionTaken(VoiceSecurityAction.escalated).build(), 0));
        }
        assertThat(detections.count()).isOne();
    }
}
