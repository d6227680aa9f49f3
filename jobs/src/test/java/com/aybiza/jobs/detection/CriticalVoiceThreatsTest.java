package com.aybiza.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.GenericSecurityEvent;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ThreatLevel;
import com.aybiza.events.VoiceSecurityEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.ingest.TestRecords;
import com.aybiza.jobs.security.SecurityEventFixtures;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class CriticalVoiceThreatsTest {

    @Test
    void everyCriticalVoiceEventAndNoOtherIsADetectionWithAnIdFromTheEvent() {
        SecurityEventFixtures fixtures = new SecurityEventFixtures(SampleEvents.ORGANIZATION, SampleEvents.TENANT,
                SampleEvents.AGENT, SampleEvents.AGENT_VERSION, SampleEvents.AGENT, null);
        List<EnrichedEvent<SecurityEvent>> out = new ArrayList<>();
        CriticalVoiceThreats rule = new CriticalVoiceThreats();
        for (ThreatLevel level : ThreatLevel.values()) {
            SecurityEvent event = fixtures.voice("voice-" + level);
            ((VoiceSecurityEvent) event.getPayload()).setThreatLevel(level);
            rule.flatMap(new EnrichedEvent<>(TestRecords.sourced(event, 1), null, null), new ListCollector<>(out));
        }
        rule.flatMap(new EnrichedEvent<>(TestRecords.sourced(fixtures.login("login"), 2), null, null),
                new ListCollector<>(out));

        assertThat(out).hasSize(1);
        GenericSecurityEvent payload = (GenericSecurityEvent) out.get(0).event.getPayload();
        assertThat(payload.getSeverity().name()).isEqualTo("critical");
        assertThat(payload.getDetails()).contains("\"call_sid\":\"CAvoice-critical\"");
        assertThat(payload.getAutomatedResponse()).contains("terminate_call");
        SecurityEvent again = fixtures.voice("voice-critical");
        List<EnrichedEvent<SecurityEvent>> replayed = new ArrayList<>();
        rule.flatMap(new EnrichedEvent<>(TestRecords.sourced(again, 3), null, null), new ListCollector<>(replayed));
        assertThat(replayed.get(0).event.getEventId()).as("a replay finds the same detection")
                .isEqualTo(out.get(0).event.getEventId());
    }
}
