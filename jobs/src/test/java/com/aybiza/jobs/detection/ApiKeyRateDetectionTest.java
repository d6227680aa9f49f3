package com.aybiza.jobs.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.ApiAccessLogEntry;
import com.aybiza.events.EventTopic;
import com.aybiza.events.GenericSecurityEvent;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.SecurityEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.ingest.TestRecords;
import com.aybiza.jobs.security.SecurityEventFixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyRateDetectionTest {

    private static final UUID KEY = UUID.fromString("6f1e2d3c-4b5a-4968-8776-655443322110");
    private static final UUID UNLIMITED = UUID.fromString("6f1e2d3c-4b5a-4968-8776-655443322111");
    /** A minute's start. */
    private static final Instant MINUTE = Instant.parse("2026-11-30T10:07:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent<SecurityEvent>,
            EnrichedEvent<SecurityEvent>> harness;
    private long offset;

    @BeforeEach
    void open() throws Exception {
        // A limit of 10 for KEY, none for UNLIMITED: the limits as the reference data would give them.
        Map<UUID, Integer> limits = Map.of(KEY, 10);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new ApiKeyRateDetection(limits::get)),
                (EnrichedEvent<SecurityEvent> e) -> ApiKeyRateDetection.key(e.event), Types.STRING);
        harness.setup(EnrichedEvent.enrichedTypeInfo(SecurityEvent.class)
                .createSerializer(new ExecutionConfig().getSerializerConfig()));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void requests(UUID key, int count, Instant from) throws Exception {
        SecurityEventFixtures fixtures = new SecurityEventFixtures(SampleEvents.ORGANIZATION, SampleEvents.TENANT,
                SampleEvents.AGENT, SampleEvents.AGENT_VERSION, SampleEvents.AGENT, key);
        for (int i = 0; i < count; i++) {
            SecurityEvent event = fixtures.apiAccess("request-" + key + "-" + offset);
            event.setEventTime(from.plusMillis(i * 100L));
            harness.processElement(new StreamRecord<>(new EnrichedEvent<>(TestRecords.sourced(event, offset++), null,
                    null), event.getEventTime().toEpochMilli()));
        }
    }

    private List<EnrichedEvent<SecurityEvent>> decideUpTo(Instant watermark) throws Exception {
        harness.processWatermark(new Watermark(watermark.toEpochMilli()));
        List<EnrichedEvent<SecurityEvent>> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    @Test
    void requestsUpToTheLimitAreFineOneMoreIsOneDetectionForTheKeyAndMinute() throws Exception {
        requests(KEY, 10, MINUTE);
        requests(KEY, 11, MINUTE.plusSeconds(60));
        assertThat(decideUpTo(MINUTE.plusSeconds(59))).as("the minute is not over").isEmpty();
        assertThat(decideUpTo(MINUTE.plusSeconds(60))).as("10 of 10 allowed").isEmpty();
        List<EnrichedEvent<SecurityEvent>> found = decideUpTo(MINUTE.plusSeconds(120));
        assertThat(found).hasSize(1);
        SecurityEvent detection = found.get(0).event;
        GenericSecurityEvent payload = (GenericSecurityEvent) detection.getPayload();
        assertThat(payload.getEventType().name()).isEqualTo("rate_limit_exceeded");
        assertThat(payload.getApiKeyId()).isEqualTo(KEY);
        assertThat(payload.getDetails()).contains("\"requests\":11", "\"requests_per_minute_limit\":10");
        assertThat(detection.getEventId()).isEqualTo(Detection.eventId(Detection.Kind.API_KEY_RATE,
                EventTopic.keyOf(SampleEvents.TENANT, SampleEvents.ORGANIZATION),
                KEY + "/" + MINUTE.plusSeconds(60).toEpochMilli()));
        assertThat(harness.numKeyedStateEntries()).as("decided minutes leave nothing behind").isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aKeyWithoutALimitAndRequestsAfterTheMinuteWasDecidedMakeNoDetection() throws Exception {
        requests(UNLIMITED, 500, MINUTE);
        assertThat(decideUpTo(MINUTE.plusSeconds(60))).isEmpty();
        requests(KEY, 10, MINUTE);
        decideUpTo(MINUTE.plusSeconds(120));
        requests(KEY, 5, MINUTE.plusSeconds(1)); // late: the minute was decided with 10
        assertThat(decideUpTo(MINUTE.plusSeconds(180))).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void onlyRequestsMadeWithAKeyConcernTheRule() {
        SecurityEventFixtures withoutKey = new SecurityEventFixtures(SampleEvents.ORGANIZATION, SampleEvents.TENANT,
                SampleEvents.AGENT, SampleEvents.AGENT_VERSION, SampleEvents.AGENT, null);
        SecurityEvent request = withoutKey.apiAccess("no-key");
        assertThat(((ApiAccessLogEntry) request.getPayload()).getApiKeyId()).isNull();
        assertThat(ApiKeyRateDetection.concerns(request)).isFalse();
        assertThat(ApiKeyRateDetection.concerns(withoutKey.login("login"))).isFalse();
    }
}
