package com.aybiza.generator;

import com.aybiza.events.EventTopic;
import com.aybiza.events.ExecutionMode;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionPhase;
import com.aybiza.events.ToolExecutionStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/** The tool executions of one answered call: which tools, when, how long, and whether they succeeded. */
final class ToolCalls {

    static final ToolCalls NONE = new ToolCalls(0, ExecutionMode.sequential);

    private static final String[][] CATALOGUE = {
        {"crm_lookup", "http_api"}, {"calendar_booking", "http_api"}, {"order_status", "database"},
        {"send_sms", "webhook"}, {"knowledge_search", "ai_service"}, {"transfer_call", "function"}
    };

    private final int[] tool;
    private final long[] start;
    private final int[] durationMs;
    private final boolean[] success;
    private final ExecutionMode mode;

    private ToolCalls(int count, ExecutionMode mode) {
        this.tool = new int[count];
        this.start = new long[count];
        this.durationMs = new int[count];
        this.success = new boolean[count];
        this.mode = mode;
    }

    static ToolCalls draw(SplittableRandom random, CallTimeline timeline) {
        double roll = random.nextDouble();
        int count = roll < 0.4 ? 0 : roll < 0.7 ? 1 : roll < 0.9 ? 2 : 3;
        ToolCalls calls = new ToolCalls(count, count > 1 && random.nextBoolean() ? ExecutionMode.parallel : ExecutionMode.sequential);
        long talk = timeline.endMicros() - timeline.answerMicros();
        for (int i = 0; i < count; i++) {
            calls.tool[i] = random.nextInt(CATALOGUE.length);
            calls.start[i] = timeline.answerMicros() + talk / 10 + random.nextLong(Math.max(1, talk * 8 / 10));
            calls.durationMs[i] = 100 + random.nextInt(2900);
            calls.success[i] = random.nextDouble() < 0.9;
        }
        return calls;
    }

    int count() {
        return tool.length;
    }

    long startMicros(int i) {
        return start[i];
    }

    long finishMicros(int i) {
        return start[i] + durationMs[i] * 1000L;
    }

    boolean succeeded(int i) {
        return success[i];
    }

    private static UUID executionId(CallContext context, String callSid, int i) {
        return context.ids().of("tool-execution", callSid, String.valueOf(i));
    }

    GeneratedEvent started(CallContext context, ReferenceData.Agent agent, String callSid, int i, Instant time) {
        return event(context, agent, callSid, i, time, ToolExecutionPhase.started);
    }

    GeneratedEvent finished(CallContext context, ReferenceData.Agent agent, String callSid, int i, Instant time) {
        return event(context, agent, callSid, i, time, success[i] ? ToolExecutionPhase.completed : ToolExecutionPhase.failed);
    }

    GeneratedEvent usage(CallContext context, ReferenceData.Agent agent, String callSid, int i, Instant time) {
        UUID execution = executionId(context, callSid, i);
        return UsageEvents.record(context.ids().of("usage", "tool_executions", execution.toString()), time, agent,
                "tool_executions", CATALOGUE[tool[i]][1], BigDecimal.ONE, "executions", callSid, execution);
    }

    private GeneratedEvent event(CallContext context, ReferenceData.Agent agent, String callSid, int i, Instant time,
                                 ToolExecutionPhase phase) {
        UUID execution = executionId(context, callSid, i);
        String name = CATALOGUE[tool[i]][0];
        ToolExecutionEvent.Builder event = ToolExecutionEvent.newBuilder()
                .setEventId(context.ids().of("tool", execution.toString(), phase.name()))
                .setEventTime(time)
                .setOrganizationId(agent.organizationId())
                .setTenantId(agent.tenantId())
                .setAgentId(agent.id())
                .setAgentVersionId(agent.versionId())
                .setCallSid(callSid)
                .setExecutionId(execution)
                .setPhase(phase)
                .setToolName(name)
                .setToolType(CATALOGUE[tool[i]][1])
                .setExecutionMode(mode)
                .setInputData("{\"call_sid\":\"" + callSid + "\",\"step\":" + i + "}")
                .setStartedAt(context.instant(start[i]));
        switch (phase) {
            case started -> event.setStatus(ToolExecutionStatus.running);
            case completed -> event.setStatus(ToolExecutionStatus.completed)
                    .setOutputData("{\"ok\":true,\"tool\":\"" + name + "\"}")
                    .setCompletedAt(time).setDurationMs(durationMs[i])
                    .setCostUsd(Pricing.unitPrice("tool_executions", ""));
            case failed -> event.setStatus(ToolExecutionStatus.failed)
                    .setErrorDetails("{\"error\":\"upstream timeout\",\"tool\":\"" + name + "\"}")
                    .setCompletedAt(time).setDurationMs(durationMs[i])
                    .setCostUsd(new BigDecimal("0.000000"));
        }
        return new GeneratedEvent(EventTopic.TOOL_EXECUTIONS, agent.tenantId().toString(), event.build(),
                "tool." + phase.name());
    }
}
