package com.aybiza.jobs.ingest.rules;

import com.aybiza.events.ApiAccessLogEntry;
import com.aybiza.events.AuditLogEntry;
import com.aybiza.events.GenericSecurityEvent;
import com.aybiza.events.LoginAttempt;
import com.aybiza.events.PromptInjectionAttempt;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.VoiceSecurityEvent;
import java.math.BigDecimal;

/**
 * Security events: the organization and tenant their table requires (prompt-injection and voice events belong to a
 * tenant; audit and generic security events to an organization), scores within [0, 1], and sizes and counts that a
 * log entry can have.
 */
final class SecurityEventRules implements EventRules<SecurityEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void check(SecurityEvent security, Violations v) {
        Object payload = security.getPayload();
        String kind = payload.getClass().getSimpleName();
        boolean tenantRequired = payload instanceof PromptInjectionAttempt || payload instanceof VoiceSecurityEvent;
        boolean organizationRequired = tenantRequired || payload instanceof AuditLogEntry || payload instanceof GenericSecurityEvent;
        if (tenantRequired) {
            v.require(security.getTenantId() != null, () -> "a " + kind + " has no tenant_id");
        }
        if (organizationRequired) {
            v.require(security.getOrganizationId() != null, () -> "a " + kind + " has no organization_id");
        }
        if (payload instanceof PromptInjectionAttempt p) {
            v.notBlank("input_text", p.getInputText());
            score(v, "confidence_score", p.getConfidenceScore());
        } else if (payload instanceof VoiceSecurityEvent p) {
            v.notBlank("call_sid", p.getCallSid());
            score(v, "confidence_score", p.getConfidenceScore());
        } else if (payload instanceof ApiAccessLogEntry p) {
            v.notBlank("endpoint", p.getEndpoint());
            v.notBlank("method", p.getMethod());
            v.require(p.getStatusCode() >= 100 && p.getStatusCode() <= 599,
                    () -> "status_code " + p.getStatusCode() + " is not an HTTP status");
            v.notNegative("response_time_ms", p.getResponseTimeMs());
            v.notNegative("request_size_bytes", p.getRequestSizeBytes());
            v.notNegative("response_size_bytes", p.getResponseSizeBytes());
        } else if (payload instanceof AuditLogEntry p) {
            v.notBlank("action", p.getAction());
            v.notBlank("resource_type", p.getResourceType());
            v.notNegative("duration_ms", p.getDurationMs());
        } else if (payload instanceof LoginAttempt p) {
            v.notBlank("ip_address", p.getIpAddress());
            score(v, "risk_score", p.getRiskScore());
        } else if (payload instanceof GenericSecurityEvent p) {
            v.notBlank("source", p.getSource());
            score(v, "risk_score", p.getRiskScore());
        } else {
            v.add("payload " + kind + " is not a security event kind");
        }
    }

    private static void score(Violations v, String field, BigDecimal value) {
        v.between(field, value, BigDecimal.ZERO, BigDecimal.ONE);
    }
}
