package com.aybiza.jobs.security;

import com.aybiza.events.ApiAccessLogEntry;
import com.aybiza.events.AuditLogEntry;
import com.aybiza.events.GenericSecurityEvent;
import com.aybiza.events.LoginAttempt;
import com.aybiza.events.PromptInjectionAttempt;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.VoiceSecurityEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.sinks.postgres.CopyText;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.util.OutputTag;

/**
 * One table of the security stream and how its payload type becomes a row: the columns, in COPY order, each with the
 * value it takes from the event. Every row starts with id ({@link SecurityRowIds}) and "timestamp" (the event_time);
 * the five tables with organization_id and tenant_id take them from the envelope. login_history has neither column:
 * there the envelope's ids are the user's and only route the event.
 *
 * <p>Values go into the COPY text as the database reads them: enumerations as their symbol, which is the CHECK list's
 * string; JSON text into JSONB and addresses into INET, parsed by the database, which refuses what it cannot read.
 */
public final class SecurityTable<P extends SpecificRecord> implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final SecurityTable<GenericSecurityEvent> SECURITY_EVENTS =
            scoped("security.security_events", GenericSecurityEvent.class)
                    .column("event_type", GenericSecurityEvent::getEventType)
                    .column("severity", GenericSecurityEvent::getSeverity)
                    .column("source", GenericSecurityEvent::getSource)
                    .column("ip_address", GenericSecurityEvent::getIpAddress)
                    .column("user_id", GenericSecurityEvent::getUserId)
                    .column("api_key_id", GenericSecurityEvent::getApiKeyId)
                    .column("details", GenericSecurityEvent::getDetails)
                    .column("resolved", GenericSecurityEvent::getResolved)
                    .column("resolved_at", GenericSecurityEvent::getResolvedAt)
                    .column("resolved_by", GenericSecurityEvent::getResolvedBy)
                    .column("resolution_notes", GenericSecurityEvent::getResolutionNotes)
                    .column("automated_response", GenericSecurityEvent::getAutomatedResponse)
                    .column("risk_score", GenericSecurityEvent::getRiskScore);

    public static final SecurityTable<PromptInjectionAttempt> PROMPT_INJECTION_ATTEMPTS =
            scoped("security.prompt_injection_attempts", PromptInjectionAttempt.class)
                    .column("agent_id", PromptInjectionAttempt::getAgentId)
                    .column("agent_version_id", PromptInjectionAttempt::getAgentVersionId)
                    .column("call_sid", PromptInjectionAttempt::getCallSid)
                    .column("input_text", PromptInjectionAttempt::getInputText)
                    .column("detection_method", PromptInjectionAttempt::getDetectionMethod)
                    .column("confidence_score", PromptInjectionAttempt::getConfidenceScore)
                    .column("threat_level", PromptInjectionAttempt::getThreatLevel)
                    .column("action_taken", PromptInjectionAttempt::getActionTaken)
                    .column("metadata", PromptInjectionAttempt::getMetadata)
                    .column("false_positive", PromptInjectionAttempt::getFalsePositive)
                    .column("reviewed_by", PromptInjectionAttempt::getReviewedBy)
                    .column("reviewed_at", PromptInjectionAttempt::getReviewedAt);

    public static final SecurityTable<VoiceSecurityEvent> VOICE_SECURITY_EVENTS =
            scoped("security.voice_security_events", VoiceSecurityEvent.class)
                    .column("agent_id", VoiceSecurityEvent::getAgentId)
                    .column("agent_version_id", VoiceSecurityEvent::getAgentVersionId)
                    .column("call_sid", VoiceSecurityEvent::getCallSid)
                    .column("event_type", VoiceSecurityEvent::getEventType)
                    .column("detection_method", VoiceSecurityEvent::getDetectionMethod)
                    .column("confidence_score", VoiceSecurityEvent::getConfidenceScore)
                    .column("threat_level", VoiceSecurityEvent::getThreatLevel)
                    .column("action_taken", VoiceSecurityEvent::getActionTaken)
                    .column("audio_sample_url", VoiceSecurityEvent::getAudioSampleUrl)
                    .column("metadata", VoiceSecurityEvent::getMetadata)
                    .column("false_positive", VoiceSecurityEvent::getFalsePositive)
                    .column("reviewed_by", VoiceSecurityEvent::getReviewedBy)
                    .column("reviewed_at", VoiceSecurityEvent::getReviewedAt);

    public static final SecurityTable<ApiAccessLogEntry> API_ACCESS_LOGS =
            scoped("security.api_access_logs", ApiAccessLogEntry.class)
                    .column("user_id", ApiAccessLogEntry::getUserId)
                    .column("api_key_id", ApiAccessLogEntry::getApiKeyId)
                    .column("endpoint", ApiAccessLogEntry::getEndpoint)
                    .column("method", ApiAccessLogEntry::getMethod)
                    .column("status_code", ApiAccessLogEntry::getStatusCode)
                    .column("response_time_ms", ApiAccessLogEntry::getResponseTimeMs)
                    .column("request_size_bytes", ApiAccessLogEntry::getRequestSizeBytes)
                    .column("response_size_bytes", ApiAccessLogEntry::getResponseSizeBytes)
                    .column("ip_address", ApiAccessLogEntry::getIpAddress)
                    .column("user_agent", ApiAccessLogEntry::getUserAgent)
                    .column("request_id", ApiAccessLogEntry::getRequestId)
                    .column("request_body_hash", ApiAccessLogEntry::getRequestBodyHash)
                    .column("rate_limited", ApiAccessLogEntry::getRateLimited)
                    .column("cached_response", ApiAccessLogEntry::getCachedResponse)
                    .column("edge_region", ApiAccessLogEntry::getEdgeRegion)
                    .column("aws_region", ApiAccessLogEntry::getAwsRegion)
                    .column("error_details", ApiAccessLogEntry::getErrorDetails);

    public static final SecurityTable<AuditLogEntry> AUDIT_LOGS =
            scoped("security.audit_logs", AuditLogEntry.class)
                    .column("user_id", AuditLogEntry::getUserId)
                    .column("api_key_id", AuditLogEntry::getApiKeyId)
                    .column("action", AuditLogEntry::getAction)
                    .column("resource_type", AuditLogEntry::getResourceType)
                    .column("resource_id", AuditLogEntry::getResourceId)
                    .column("resource_name", AuditLogEntry::getResourceName)
                    .column("ip_address", AuditLogEntry::getIpAddress)
                    .column("user_agent", AuditLogEntry::getUserAgent)
                    .column("request_id", AuditLogEntry::getRequestId)
                    .column("session_id", AuditLogEntry::getSessionId)
                    .column("details", AuditLogEntry::getDetails)
                    .column("status", AuditLogEntry::getStatus)
                    .column("error_message", AuditLogEntry::getErrorMessage)
                    .column("duration_ms", AuditLogEntry::getDurationMs)
                    .column("edge_region", AuditLogEntry::getEdgeRegion)
                    .column("aws_region", AuditLogEntry::getAwsRegion);

    public static final SecurityTable<LoginAttempt> LOGIN_HISTORY =
            new SecurityTable<>("identity.login_history", LoginAttempt.class)
                    .column("user_id", LoginAttempt::getUserId)
                    .column("success", LoginAttempt::getSuccess)
                    .column("failure_reason", LoginAttempt::getFailureReason)
                    .column("ip_address", LoginAttempt::getIpAddress)
                    .column("user_agent", LoginAttempt::getUserAgent)
                    .column("device_fingerprint", LoginAttempt::getDeviceFingerprint)
                    .column("location", LoginAttempt::getLocation)
                    .column("authentication_method", LoginAttempt::getAuthenticationMethod)
                    .column("risk_score", LoginAttempt::getRiskScore)
                    .column("suspicious_indicators", LoginAttempt::getSuspiciousIndicators);

    /** Every table, one per payload type of the SecurityEvent union. */
    public static final List<SecurityTable<?>> ALL = List.of(SECURITY_EVENTS, PROMPT_INJECTION_ATTEMPTS,
            VOICE_SECURITY_EVENTS, API_ACCESS_LOGS, AUDIT_LOGS, LOGIN_HISTORY);

    private static final Map<Class<?>, SecurityTable<?>> BY_PAYLOAD = Map.of(
            GenericSecurityEvent.class, SECURITY_EVENTS, PromptInjectionAttempt.class, PROMPT_INJECTION_ATTEMPTS,
            VoiceSecurityEvent.class, VOICE_SECURITY_EVENTS, ApiAccessLogEntry.class, API_ACCESS_LOGS,
            AuditLogEntry.class, AUDIT_LOGS, LoginAttempt.class, LOGIN_HISTORY);

    /** A column's value for one event; serializable because the sink's writer carries its table into the cluster. */
    @FunctionalInterface
    interface ColumnValue<P> extends Serializable {
        Object of(SecurityEvent event, P payload);
    }

    @FunctionalInterface
    interface PayloadValue<P> extends Function<P, Object>, Serializable {
    }

    record Column<P>(String name, ColumnValue<P> value) implements Serializable {
    }

    private final String name;
    private final Class<P> payloadType;
    private final List<Column<P>> columns = new ArrayList<>();
    private final OutputTag<EnrichedEvent<SecurityEvent>> tag;

    private SecurityTable(String name, Class<P> payloadType) {
        this.name = name;
        this.payloadType = payloadType;
        this.tag = new OutputTag<>(name, EnrichedEvent.enrichedTypeInfo(SecurityEvent.class));
        columns.add(new Column<>("id", (event, payload) -> SecurityRowIds.of(event)));
        columns.add(new Column<>("timestamp", (event, payload) -> event.getEventTime()));
    }

    private static <P extends SpecificRecord> SecurityTable<P> scoped(String name, Class<P> payloadType) {
        SecurityTable<P> table = new SecurityTable<>(name, payloadType);
        table.columns.add(new Column<>("organization_id", (event, payload) -> event.getOrganizationId()));
        table.columns.add(new Column<>("tenant_id", (event, payload) -> event.getTenantId()));
        return table;
    }

    private SecurityTable<P> column(String column, PayloadValue<P> value) {
        columns.add(new Column<>(column, (event, payload) -> value.apply(payload)));
        return this;
    }

    /** The table of {@code payload}'s type; null for a type no table stores. */
    public static SecurityTable<?> forPayload(Object payload) {
        return BY_PAYLOAD.get(payload.getClass());
    }

    /** Schema-qualified, e.g. {@code security.audit_logs}. */
    public String name() {
        return name;
    }

    public Class<P> payloadType() {
        return payloadType;
    }

    /** The side output of the split that carries this table's events. */
    public OutputTag<EnrichedEvent<SecurityEvent>> tag() {
        return tag;
    }

    /** The column names, in the order {@link #appendRow} writes them. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** Appends {@code event}'s row; its payload must be of this table's type. */
    void appendRow(CopyText copy, SecurityEvent event) {
        P payload = payloadType.cast(event.getPayload());
        for (Column<P> column : columns) {
            append(copy, column.value().of(event, payload));
        }
        copy.endRow();
    }

    private static void append(CopyText copy, Object value) {
        if (value == null) {
            copy.nul();
        } else if (value instanceof UUID uuid) {
            copy.uuid(uuid);
        } else if (value instanceof CharSequence text) {
            copy.text(text);
        } else if (value instanceof Enum<?> symbol) {
            copy.text(symbol.name());
        } else if (value instanceof BigDecimal decimal) {
            copy.decimal(decimal);
        } else if (value instanceof Integer || value instanceof Long) {
            copy.number(((Number) value).longValue());
        } else if (value instanceof Boolean flag) {
            copy.bool(flag);
        } else if (value instanceof Instant time) {
            // ISO 8601 in UTC with every digit: TIMESTAMPTZ reads it the same whatever the session's time zone.
            copy.timestamp(time);
        } else {
            throw new IllegalArgumentException("no COPY text for a " + value.getClass().getName());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
