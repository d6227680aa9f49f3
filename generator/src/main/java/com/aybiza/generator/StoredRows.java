package com.aybiza.generator;

import com.aybiza.events.ApiAccessLogEntry;
import com.aybiza.events.AuditLogEntry;
import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.GenericSecurityEvent;
import com.aybiza.events.LoginAttempt;
import com.aybiza.events.PromptInjectionAttempt;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionStatus;
import com.aybiza.events.UsageEvent;
import com.aybiza.events.VoiceSecurityEvent;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * How many rows the pipeline should store per table for the valid events of a run: every usage event is a row of
 * usage_metering; a call is one row of calls however many status events it has, and one of call_analytics once it
 * reached a terminal status; a tool execution is one row whatever its phases; a security event is one row of the
 * table its payload type names (SecurityEvent.avsc), and each threat the detection rules find in them is one more row
 * of security_events ({@link ExpectedDetections}). A call that ended after it was answered, with an agent, has a
 * quality score; an agent has one performance row per UTC day in which one of its calls ended or one of its tool
 * executions that finished started.
 */
final class StoredRows {

    static final String USAGE_METERING = "billing.usage_metering";
    static final String CALLS = "call_analytics.calls";
    static final String CALL_ANALYTICS = "call_analytics.call_analytics";
    static final String TOOL_EXECUTIONS = "agent_intelligence.tool_executions";
    static final String CALL_QUALITY_SCORES = "quality.call_quality_scores";
    static final String AGENT_PERFORMANCE = "quality.agent_performance_metrics";
    static final String SECURITY_EVENTS = "security.security_events";

    /** The security payloads and their tables, in the order the ledger lists them. */
    private static final Map<Class<?>, String> SECURITY_TABLES = securityTables();

    private static final Set<CallStatus> TERMINAL = EnumSet.of(CallStatus.completed, CallStatus.busy,
            CallStatus.failed, CallStatus.no_answer, CallStatus.cancelled);

    private long usageRows;
    /** Per call_sid: whether one of its events had a terminal status. */
    private final Map<String, Boolean> calls = new HashMap<>();
    private long terminalCalls;
    private final Set<UUID> executions = new HashSet<>();
    private final Set<String> scoredCalls = new HashSet<>();
    /** tenant|agent|UTC day */
    private final Set<String> agentDays = new HashSet<>();
    private final Map<String, Long> securityRows = new HashMap<>();
    private final ExpectedDetections detections = new ExpectedDetections();

    void add(SpecificRecord event) {
        if (event instanceof UsageEvent) {
            usageRows++;
        } else if (event instanceof CallEvent call) {
            if (!TERMINAL.contains(call.getStatus())) {
                calls.putIfAbsent(call.getCallSid(), false);
            } else if (!Boolean.TRUE.equals(calls.put(call.getCallSid(), true))) {
                terminalCalls++;
                if (call.getAgentId() != null) {
                    agentDays.add(call.getTenantId() + "|" + call.getAgentId() + "|" + utcDay(call.getEndTime()));
                    if (call.getAnswerTime() != null) {
                        scoredCalls.add(call.getCallSid());
                    }
                }
            }
        } else if (event instanceof ToolExecutionEvent tool) {
            executions.add(tool.getExecutionId());
            if (tool.getStatus() == ToolExecutionStatus.completed || tool.getStatus() == ToolExecutionStatus.failed) {
                agentDays.add(tool.getTenantId() + "|" + tool.getAgentId() + "|" + utcDay(tool.getStartedAt()));
            }
        } else if (event instanceof CallTurnEvent) {
            return; // live call state only: the completed call's turns are what the tables store
        } else if (event instanceof SecurityEvent security) {
            String table = SECURITY_TABLES.get(security.getPayload().getClass());
            if (table == null) {
                throw new IllegalStateException("no table known for the security payload "
                        + security.getPayload().getClass().getSimpleName() + ": add it to StoredRows");
            }
            securityRows.merge(table, 1L, Long::sum);
            detections.add(security);
        } else {
            throw new IllegalArgumentException("not an event of the four input topics: " + event.getClass().getName());
        }
    }

    /** Rows per table, every table listed (0 when none), in a fixed order. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(USAGE_METERING, usageRows);
        counts.put(CALLS, (long) calls.size());
        counts.put(CALL_ANALYTICS, terminalCalls);
        counts.put(TOOL_EXECUTIONS, (long) executions.size());
        counts.put(CALL_QUALITY_SCORES, (long) scoredCalls.size());
        counts.put(AGENT_PERFORMANCE, (long) agentDays.size());
        SECURITY_TABLES.values().forEach(table -> counts.put(table, securityRows.getOrDefault(table, 0L)));
        // The detections the jobs find are security events of their own.
        counts.merge(SECURITY_EVENTS, detections.count(), Long::sum);
        return counts;
    }

    /** The threats the detection rules must find, per rule. */
    Map<String, Long> detections() {
        return detections.byRule();
    }

    private static long utcDay(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), 86_400L);
    }

    private static Map<Class<?>, String> securityTables() {
        Map<Class<?>, String> tables = new LinkedHashMap<>();
        tables.put(PromptInjectionAttempt.class, "security.prompt_injection_attempts");
        tables.put(VoiceSecurityEvent.class, "security.voice_security_events");
        tables.put(ApiAccessLogEntry.class, "security.api_access_logs");
        tables.put(AuditLogEntry.class, "security.audit_logs");
        tables.put(LoginAttempt.class, "identity.login_history");
        tables.put(GenericSecurityEvent.class, SECURITY_EVENTS);
        return Collections.unmodifiableMap(tables);
    }
}
