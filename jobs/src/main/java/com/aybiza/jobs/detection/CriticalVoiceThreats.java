package com.aybiza.jobs.detection;

import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ThreatLevel;
import com.aybiza.events.VoiceSecurityEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Every voice security event the edge rated {@code critical} is a detection of its own (one per event: its id derives
 * from the event's), so that it reaches the security team's queue in {@code security_events} with what to do.
 */
public final class CriticalVoiceThreats implements FlatMapFunction<EnrichedEvent<SecurityEvent>,
        EnrichedEvent<SecurityEvent>> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(EnrichedEvent<SecurityEvent> event, Collector<EnrichedEvent<SecurityEvent>> out) {
        if (!(event.event.getPayload() instanceof VoiceSecurityEvent voice)
                || voice.getThreatLevel() != ThreatLevel.critical) {
            return;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("call_sid", voice.getCallSid());
        evidence.put("voice_event_type", voice.getEventType().name());
        evidence.put("detection_method", voice.getDetectionMethod().name());
        evidence.put("confidence_score", voice.getConfidenceScore().toPlainString());
        evidence.put("action_taken_by_edge", voice.getActionTaken().name());
        evidence.put("agent_id", voice.getAgentId() == null ? null : voice.getAgentId().toString());
        evidence.put("trigger_event_id", event.event.getEventId().toString());
        out.collect(Detection.of(Detection.Kind.CRITICAL_VOICE_THREAT, event, event.event.getEventId().toString(),
                null, null, null, evidence, "a critical " + voice.getEventType() + " on call " + voice.getCallSid()
                        + " (" + voice.getDetectionMethod() + ", confidence " + voice.getConfidenceScore() + ")"));
    }
}
