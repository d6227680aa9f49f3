package com.aybiza.jobs.ingest.rules;

import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionStatus;

/**
 * Tool-execution events: a phase and status that agree, a finished (completed or failed) execution with its end, and
 * the JSON that agent_intelligence.tool_executions stores as JSONB (input_data NOT NULL) actually being JSON.
 */
final class ToolExecutionEventRules implements EventRules<ToolExecutionEvent> {

    private static final long serialVersionUID = 1L;

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
        v.json("input_data", tool.getInputData());
        v.json("output_data", tool.getOutputData());
        v.json("error_details", tool.getErrorDetails());
        switch (tool.getPhase()) {
            case started -> v.require(tool.getStatus() == ToolExecutionStatus.pending
                    || tool.getStatus() == ToolExecutionStatus.running, () -> "phase started with status " + tool.getStatus());
            case completed -> {
                v.require(tool.getStatus() == ToolExecutionStatus.completed, () -> "phase completed with status " + tool.getStatus());
                v.require(tool.getCompletedAt() != null, "a completed execution has no completed_at");
            }
            case failed -> {
                v.require(tool.getStatus() == ToolExecutionStatus.failed, () -> "phase failed with status " + tool.getStatus());
                v.require(tool.getCompletedAt() != null, "a failed execution has no completed_at");
            }
        }
    }
}
