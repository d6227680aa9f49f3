package com.aybiza.jobs.detection;

import com.aybiza.events.EventTopic;
import com.aybiza.events.GenericSecurityEvent;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.SecurityEventType;
import com.aybiza.events.Severity;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.security.SecurityRowIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A threat the detection rules found, as the security event it is stored as: a {@code security.security_events} row
 * with source {@value #SOURCE}, its evidence in {@code details} and what is recommended in {@code automated_response}
 * (recommended only: nothing is executed, {@code "executed": false}).
 *
 * <p>Its event id is derived from what it is about (the rule and the event that set it off, or the rule, subject and
 * minute), never drawn: a replay finds the same id and so the same row, and writes nothing twice.
 */
public final class Detection {

    /** The source of every detection's row: how to tell them from the edge's own security events. */
    public static final String SOURCE = "aybiza-detection";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What kind of threat, with its stored event type, severity, risk and the actions recommended. */
    public enum Kind {
        BRUTE_FORCE(SecurityEventType.suspicious_activity, Severity.high, "0.80",
                List.of("lock_user_sign_in_for_15_minutes", "challenge_address_with_captcha")),
        CREDENTIAL_STUFFING(SecurityEventType.suspicious_activity, Severity.critical, "0.95",
                List.of("block_address", "require_mfa_for_targeted_users")),
        API_KEY_RATE(SecurityEventType.rate_limit_exceeded, Severity.medium, "0.50",
                List.of("throttle_api_key", "notify_key_owner")),
        PROMPT_INJECTION_BURST(SecurityEventType.suspicious_activity, Severity.high, "0.85",
                List.of("review_agent_guardrails", "route_agent_calls_to_a_human")),
        CRITICAL_VOICE_THREAT(SecurityEventType.suspicious_activity, Severity.critical, "0.95",
                List.of("terminate_call", "notify_security_team"));

        private final SecurityEventType type;
        private final Severity severity;
        private final BigDecimal risk;
        private final List<String> actions;

        Kind(SecurityEventType type, Severity severity, String risk, List<String> actions) {
            this.type = type;
            this.severity = severity;
            this.risk = new BigDecimal(risk);
            this.actions = actions;
        }

        public String rule() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private Detection() {
    }

    /** The id of a detection, from the scope it belongs to and what makes it that one detection. */
    public static UUID eventId(Kind kind, String scope, String discriminator) {
        return SecurityRowIds.nameBased("detection/" + kind.rule() + "/" + scope + "/" + discriminator);
    }

    /**
     * The detection as a security event of the trigger's tenant and organization, at the trigger's time, carrying
     * the trigger's Kafka record (a row the database refuses is dead-lettered as it).
     */
    public static EnrichedEvent<SecurityEvent> of(Kind kind, EnrichedEvent<SecurityEvent> trigger, String discriminator,
                                                  String ip, UUID userId, UUID apiKeyId, Map<String, Object> evidence,
                                                  String why) {
        SecurityEvent source = trigger.event;
        String scope = EventTopic.keyOf(source.getTenantId(), source.getOrganizationId());
        GenericSecurityEvent payload = GenericSecurityEvent.newBuilder()
                .setEventType(kind.type).setSeverity(kind.severity).setSource(SOURCE)
                .setIpAddress(ip).setUserId(userId).setApiKeyId(apiKeyId)
                .setDetails(json(ordered("rule", kind.rule(), "evidence", new TreeMap<>(evidence))))
                .setResolved(false)
                .setAutomatedResponse(json(ordered("recommended_actions", kind.actions, "executed", false,
                        "why", why)))
                .setRiskScore(kind.risk)
                .build();
        SecurityEvent detection = SecurityEvent.newBuilder()
                .setEventId(eventId(kind, scope, discriminator)).setEventTime(source.getEventTime())
                .setOrganizationId(source.getOrganizationId()).setTenantId(source.getTenantId())
                .setPayload(payload).build();
        EnrichedEvent<SecurityEvent> enriched = new EnrichedEvent<>();
        enriched.event = detection;
        enriched.source = trigger.source;
        enriched.tenantName = trigger.tenantName;
        enriched.planTier = trigger.planTier;
        enriched.tenantStatus = trigger.tenantStatus;
        enriched.agentName = trigger.agentName;
        return enriched;
    }

    /** A JSON object's fields in the order given, so that a detection always has the same text. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not representable as JSON: " + value, e);
        }
    }
}
