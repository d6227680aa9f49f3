package com.aybiza.jobs.ingest.rules;

import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tool-execution events: a phase and status that agree, a finished execution with its end and duration, and the
 * JSON that agent_intelligence.tool_executions stores as JSONB actually being JSON.
 */
final class ToolExecutionEventRules implements EventRules<ToolExecutionEvent> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void check(ToolExecutionEvent tool, Violations v) {
        v.notBlank("tool_name", tool.getToolName());
        v.maxLength("tool_name", tool.getToolName(), 255);
        v.notBlank("tool_type", tool.getToolType());
        v.maxLength("tool_type", tool.getToolType(), 100);
        v.maxLength("call_sid", tool.getCallSid(), 255);
        v.notNegative("duration_ms", tool.getDurationMs());
        v.notNegative("cost_usd", tool.getCostUsd());
        v.fitsDecimal("cost_usd", tool.getCostUsd(), 10, 6);
        v.notBefore("completed_at", tool.getCompletedAt(), "started_at", tool.getStartedAt());
        json(v, "input_data", tool.getInputData());
        json(v, "output_data", tool.getOutputData());
        json(v, "error_details", tool.getErrorDetails());
        switch (tool.getPhase()) {
            case started -> v.require(tool.getStatus() == ToolExecutionStatus.pending
                    || tool.getStatus() == ToolExecutionStatus.running, () -> "phase started with status " + tool.getStatus());
            case completed -> {
                v.require(tool.getStatus() == ToolExecutionStatus.completed, () -> "phase completed with status " + tool.getStatus());
                v.require(tool.getCompletedAt() != null, "a completed execution has no completed_at");
            }
            case failed -> {
                v.require(tool.getStatus() == ToolExecutionStatus.failed, () -> "phase failed with status " + tool.getStatus());
                v.require(tool.getErrorDetails() != null, "a failed execution has no error_details");
            }
        }
    }

    private static void json(Violations v, String field, CharSequence text) {
        if (text == null) {
            return;
        }
        try {
            JSON.readTree(text.toString());
        } catch (JsonProcessingException e) {
            v.add(field + " is not JSON: " + e.getOriginalMessage());
        }
    }
}
