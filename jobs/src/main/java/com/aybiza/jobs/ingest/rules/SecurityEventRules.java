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
 * tenant; audit and generic security events to an organization), scores within [0, 1], the column sizes of their
 * tables, JSON where the table stores JSONB and addresses where it stores INET.
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
            v.maxLength("call_sid", p.getCallSid(), 255);
            score(v, "confidence_score", p.getConfidenceScore());
            v.json("metadata", p.getMetadata());
        } else if (payload instanceof VoiceSecurityEvent p) {
            v.notBlank("call_sid", p.getCallSid());
            v.maxLength("call_sid", p.getCallSid(), 255);
            v.maxLength("audio_sample_url", p.getAudioSampleUrl(), 500);
            score(v, "confidence_score", p.getConfidenceScore());
            v.json("metadata", p.getMetadata());
        } else if (payload instanceof ApiAccessLogEntry p) {
            v.notBlank("endpoint", p.getEndpoint());
            v.maxLength("endpoint", p.getEndpoint(), 255);
            v.notBlank("method", p.getMethod());
            v.maxLength("method", p.getMethod(), 10);
            v.require(p.getStatusCode() >= 100 && p.getStatusCode() <= 599,
                    () -> "status_code " + p.getStatusCode() + " is not an HTTP status");
            v.notNegative("response_time_ms", p.getResponseTimeMs());
            v.notNegative("request_size_bytes", p.getRequestSizeBytes());
            v.notNegative("response_size_bytes", p.getResponseSizeBytes());
            v.ipAddress("ip_address", p.getIpAddress());
            v.maxLength("request_body_hash", p.getRequestBodyHash(), 64);
            v.maxLength("edge_region", p.getEdgeRegion(), 50);
            v.maxLength("aws_region", p.getAwsRegion(), 50);
            v.json("error_details", p.getErrorDetails());
        } else if (payload instanceof AuditLogEntry p) {
            v.notBlank("action", p.getAction());
            v.maxLength("action", p.getAction(), 100);
            v.notBlank("resource_type", p.getResourceType());
            v.maxLength("resource_type", p.getResourceType(), 100);
            v.maxLength("resource_name", p.getResourceName(), 255);
            v.maxLength("session_id", p.getSessionId(), 255);
            v.maxLength("edge_region", p.getEdgeRegion(), 50);
            v.maxLength("aws_region", p.getAwsRegion(), 50);
            v.notNegative("duration_ms", p.getDurationMs());
            v.ipAddress("ip_address", p.getIpAddress());
            v.json("details", p.getDetails());
        } else if (payload instanceof LoginAttempt p) {
            v.notBlank("ip_address", p.getIpAddress());
            v.ipAddress("ip_address", p.getIpAddress());
            v.maxLength("failure_reason", p.getFailureReason(), 100);
            v.maxLength("device_fingerprint", p.getDeviceFingerprint(), 255);
            v.maxLength("authentication_method", p.getAuthenticationMethod(), 50);
            v.json("location", p.getLocation());
            v.json("suspicious_indicators", p.getSuspiciousIndicators());
            score(v, "risk_score", p.getRiskScore());
        } else if (payload instanceof GenericSecurityEvent p) {
            v.notBlank("source", p.getSource());
            v.maxLength("source", p.getSource(), 100);
            v.ipAddress("ip_address", p.getIpAddress());
            v.json("details", p.getDetails());
            v.json("automated_response", p.getAutomatedResponse());
            score(v, "risk_score", p.getRiskScore());
        } else {
            v.add("payload " + kind + " is not a security event kind");
        }
    }

    private static void score(Violations v, String field, BigDecimal value) {
        v.between(field, value, BigDecimal.ZERO, BigDecimal.ONE);
    }
}
