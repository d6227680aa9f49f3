package com.aybiza.jobs.calls;

import com.aybiza.events.ToolExecutionEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An execution's row in {@code agent_intelligence.tool_executions} as its events of one batch make it, by the rule the
 * upsert applies to the stored row ({@link ToolExecutionsWriter}): an event that beats the row's status
 * ({@link LifecycleOrder#TOOL_EXECUTION}) takes the row, keeping what the row knew that the event does not; an event
 * that does not beat it changes nothing.
 */
final class ToolExecutionRow {

    final UUID tenantId;
    final UUID executionId;
    /** The execution's start, which every one of its events carries: the row's time column, so it never moves. */
    final Instant startedAt;
    UUID agentId;
    String callSid;
    String toolName;
    String toolType;
    String executionMode;
    String inputData;
    String outputData;
    String status;
    Instant completedAt;
    Integer durationMs;
    String errorDetails;
    /** Null while no event has told the cost; stored as the column's default, 0. */
    BigDecimal costUsd;

    private ToolExecutionRow(UUID tenantId, UUID executionId, Instant startedAt) {
        this.tenantId = tenantId;
        this.executionId = executionId;
        this.startedAt = startedAt;
    }

    static ToolExecutionRow of(ToolExecutionEvent event) {
        ToolExecutionRow row = new ToolExecutionRow(event.getTenantId(), event.getExecutionId(), event.getStartedAt());
        row.take(event);
        return row;
    }

    /** The key of the stored row: its id and its time column. */
    static String key(ToolExecutionEvent event) {
        return event.getTenantId() + "|" + event.getExecutionId() + "|" + event.getStartedAt();
    }

    /** Applies {@code event} if it beats the row; returns whether it did. */
    boolean advance(ToolExecutionEvent event) {
        String newStatus = event.getStatus().name();
        if (!LifecycleOrder.TOOL_EXECUTION.beats(newStatus, event.getCompletedAt(), status, completedAt)) {
            return false;
        }
        take(event);
        return true;
    }

    UUID id() {
        return CallIds.toolExecutionId(tenantId, executionId);
    }

    private void take(ToolExecutionEvent e) {
        agentId = e.getAgentId();
        callSid = or(e.getCallSid(), callSid);
        toolName = e.getToolName();
        toolType = e.getToolType();
        executionMode = or(e.getExecutionMode() == null ? null : e.getExecutionMode().name(), executionMode);
        inputData = e.getInputData();
        outputData = or(e.getOutputData(), outputData);
        status = e.getStatus().name();
        completedAt = or(e.getCompletedAt(), completedAt);
        durationMs = or(e.getDurationMs(), durationMs);
        errorDetails = or(e.getErrorDetails(), errorDetails);
        costUsd = or(e.getCostUsd(), costUsd);
    }

    private static <T> T or(T value, T known) {
        return value != null ? value : known;
    }
}
