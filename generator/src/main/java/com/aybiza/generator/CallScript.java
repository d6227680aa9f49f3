package com.aybiza.generator;

import com.aybiza.events.CallDirection;
import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.CallTurn;
import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.EventTopic;
import com.aybiza.events.UsageEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One phone call as the voice edge reports it: initiated, ringing, then answered and completed (with turns, tool
 * executions and per-minute billing on the way) or busy / no-answer / failed / cancelled. The timeline is laid out
 * when the call starts; its events are built one at a time, when they are due. Each call draws from its own random
 * stream, so the events do not depend on how calls interleave.
 */
final class CallScript implements Script {

    private static final String[] EDGE_REGIONS = {"iad", "ord", "lhr", "fra", "sjc"};
    private static final String[] AWS_REGIONS = {"us-east-1", "us-west-2", "eu-west-1"};

    private final CallContext context;
    private final SplittableRandom random;
    private final ReferenceData.Agent agent;
    private final ReferenceData.PhoneNumber phone;
    private final String callSid;
    private final CallDirection direction;
    private final String caller;
    private final String edgeRegion;
    private final String awsRegion;
    private final long startMicros;
    private final CallTimeline timeline;
    private final ToolCalls tools;
    /** A completed call's turns and scores, drawn when it starts: its turn events and its final event agree. */
    private final List<CallTurn> turns;
    private final BigDecimal qualityScore;
    private final BigDecimal sentimentScore;
    private UsageEvent finalMinutes;
    private UsageEvent session;
    private int step;

    private CallScript(CallContext context, SplittableRandom random, ReferenceData.Agent agent, long startMicros,
                       CallTimeline timeline) {
        this.context = context;
        this.random = random;
        this.agent = agent;
        this.timeline = timeline;
        this.startMicros = startMicros;
        this.phone = context.phoneOf(agent);
        this.callSid = "CA" + DeterministicIds.hex(random, 32);
        this.direction = random.nextDouble() < 0.7 ? CallDirection.inbound : CallDirection.outbound;
        this.caller = "+1" + (200 + random.nextInt(700)) + (1_000_000 + random.nextInt(9_000_000));
        this.edgeRegion = EDGE_REGIONS[random.nextInt(EDGE_REGIONS.length)];
        this.awsRegion = AWS_REGIONS[random.nextInt(AWS_REGIONS.length)];
        this.tools = timeline.answered() ? ToolCalls.draw(random, timeline) : ToolCalls.NONE;
        timeline.addToolSteps(tools);
        boolean completed = timeline.outcome() == CallStatus.completed;
        this.turns = completed ? drawTurns() : List.of();
        this.qualityScore = completed ? BigDecimal.valueOf(55 + random.nextInt(45), 2) : null;
        this.sentimentScore = completed ? BigDecimal.valueOf(random.nextInt(181) - 80, 2) : null;
    }

    /**
     * The index-th call, starting at {@code startMicros} (negative during warm-up), positioned at its first step at or
     * after the run's start; null if it is over before the run starts. The timeline is drawn first, so that a warm-up
     * call that ends before the start costs no more than that.
     */
    static CallScript start(CallContext context, long index, long startMicros) {
        SplittableRandom random = context.randomFor(index);
        ReferenceData.Agent agent = context.pickAgent(random);
        CallTimeline timeline = CallTimeline.draw(random, startMicros, context.meanCallSeconds());
        if (timeline.lastMicros() < 0) {
            return null;
        }
        CallScript call = new CallScript(context, random, agent, startMicros, timeline);
        while (call.hasNext() && call.nextTimeMicros() < 0) {
            call.skip();
        }
        return call.hasNext() ? call : null;
    }

    @Override
    public long nextTimeMicros() {
        return timeline.timeOf(step);
    }

    @Override
    public boolean hasNext() {
        return step < timeline.size();
    }

    /** Passes over the next step without building its event: the steps before the run's start. */
    private void skip() {
        step++;
    }

    @Override
    public GeneratedEvent next() {
        int current = step++;
        long micros = timeline.timeOf(current);
        Instant time = context.instant(micros);
        int param = timeline.paramOf(current);
        return switch (timeline.kindOf(current)) {
            case INITIATED -> callEvent(CallStatus.initiated, time, false);
            case RINGING -> callEvent(CallStatus.ringing, time, false);
            case ANSWERED -> callEvent(CallStatus.answered, time, false);
            case ENDED -> callEvent(timeline.outcome(), time, true);
            case SESSION_USAGE -> remember(UsageEvents.record(context.ids().of("usage", callSid, "agent_sessions"), time,
                    agent, "agent_sessions", null, BigDecimal.ONE, "sessions", callSid, null));
            case MINUTE_USAGE -> UsageEvents.record(context.ids().of("usage", callSid, "call_minutes", "segment-" + param),
                    time, agent, "call_minutes", direction.name(), BigDecimal.ONE, "minutes", callSid, null);
            case FINAL_MINUTES_USAGE -> remember(UsageEvents.record(
                    context.ids().of("usage", callSid, "call_minutes", "segment-" + param), time, agent, "call_minutes",
                    direction.name(), BigDecimal.valueOf(timeline.lastSegmentSeconds()).divide(BigDecimal.valueOf(60), 6,
                            RoundingMode.HALF_UP), "minutes", callSid, null));
            case TOKENS_USAGE -> UsageEvents.record(context.ids().of("usage", callSid, "model_tokens"), time, agent,
                    "model_tokens", agent.model(), BigDecimal.valueOf(timeline.tokens()), "tokens", callSid, null);
            case STORAGE_USAGE -> UsageEvents.record(context.ids().of("usage", callSid, "storage_gb"), time, agent,
                    "storage_gb", "recordings", BigDecimal.valueOf(timeline.recordingBytes()).divide(
                            BigDecimal.valueOf(1_000_000_000L), 6, RoundingMode.HALF_UP), "gb", callSid, null);
            // The charge a correction or a void refers to may lie before the run's start (warm-up): then so does the fix.
            case CORRECTION -> finalMinutes == null ? null : UsageEvents.correction(
                    context.ids().of("usage", callSid, "call_minutes", "correction"), time, agent, finalMinutes,
                    finalMinutes.getQuantity().multiply(new BigDecimal("0.95")), "carrier duration reconciliation");
            case TEST_CALL_VOID -> param == CallTimeline.SESSION
                    ? voiding(session, "agent_sessions", "test call placed by the tenant's QA team", time)
                    : voiding(finalMinutes, "call_minutes", "test call placed by the tenant's QA team", time);
            case DISPUTE_VOID -> voiding(finalMinutes, "call_minutes", "billing dispute upheld: call refunded", time);
            case TOOL_STARTED -> tools.started(context, agent, callSid, param, time);
            case TOOL_FINISHED -> tools.finished(context, agent, callSid, param, time);
            case TOOL_USAGE -> tools.usage(context, agent, callSid, param, time);
            case PROMPT_INJECTION -> SecurityEvents.promptInjection(context, random, agent, callSid, time);
            case VOICE_SECURITY -> SecurityEvents.voiceSecurity(context, random, agent, callSid, time);
            case TURN -> turnEvent(param, time);
        };
    }

    /**
     * Turn {@code index} of the call as it ends, with its share of the call's cost and the time the call's tools that
     * finished during it took.
     */
    private GeneratedEvent turnEvent(int index, Instant time) {
        CallTurn turn = turns.get(index);
        long from = index == 0 ? timeline.answerMicros() : timeline.turnEndMicros(index - 1);
        long to = timeline.turnEndMicros(index);
        long toolMicros = 0;
        for (int i = 0; i < tools.count(); i++) {
            if (tools.finishMicros(i) > from && tools.finishMicros(i) <= to) {
                toolMicros += tools.finishMicros(i) - tools.startMicros(i);
            }
        }
        BigDecimal minutes = BigDecimal.valueOf(to - from).divide(BigDecimal.valueOf(60_000_000L), 6,
                RoundingMode.HALF_UP);
        CallTurnEvent event = CallTurnEvent.newBuilder()
                .setEventId(context.ids().of("turn", callSid, Integer.toString(index)))
                .setEventTime(time)
                .setOrganizationId(agent.organizationId())
                .setTenantId(agent.tenantId())
                .setAgentId(agent.id())
                .setCallSid(callSid)
                .setTurnIndex(index)
                .setSttLatencyMs(turn.getSttLatencyMs())
                .setLlmFirstTokenMs(turn.getLlmFirstTokenMs())
                .setLlmTotalLatencyMs(turn.getLlmTotalLatencyMs())
                .setTtsFirstAudioMs(turn.getTtsFirstAudioMs())
                .setTtsTotalLatencyMs(turn.getTtsTotalLatencyMs())
                .setToolLatencyMs(toolMicros == 0 ? null : (int) (toolMicros / 1_000))
                .setInterrupted(turn.getInterrupted())
                .setTokens(turn.getTokens())
                .setCostUsd(Pricing.totalCost(minutes, Pricing.unitPrice("call_minutes", direction.name())))
                .setModelUsed(agent.model())
                .setSentimentScore(sentimentScore)
                .build();
        return new GeneratedEvent(EventTopic.CALL_TURNS, agent.tenantId().toString(), event, "call.turn");
    }

    /** A call voids each of its charges at most once, so the id names the charge alone, whatever the reason. */
    private GeneratedEvent voiding(UsageEvent charge, String resourceType, String reason, Instant time) {
        return charge == null ? null : UsageEvents.voiding(context.ids().of("usage", callSid, resourceType, "void"),
                time, agent, charge, reason);
    }

    private GeneratedEvent remember(GeneratedEvent usage) {
        UsageEvent event = (UsageEvent) usage.event();
        if (event.getResourceType().equals("agent_sessions")) {
            session = event;
        } else {
            finalMinutes = event;
        }
        return usage;
    }

    private GeneratedEvent callEvent(CallStatus status, Instant time, boolean ended) {
        boolean completed = status == CallStatus.completed;
        List<CallTurn> turns = completed ? this.turns : List.of();
        int talkSeconds = timeline.answered() && ended ? timeline.talkSeconds() : 0;
        CallEvent.Builder call = CallEvent.newBuilder()
                .setEventId(context.ids().of("call", callSid, status.name()))
                .setEventTime(time)
                .setOrganizationId(agent.organizationId())
                .setTenantId(agent.tenantId())
                .setAgentId(agent.id())
                .setAgentVersionId(agent.versionId())
                .setCallSid(callSid)
                .setPhoneNumberId(phone.id())
                .setStatus(status)
                .setDirection(direction)
                .setFromNumber(direction == CallDirection.inbound ? caller : phone.number())
                .setToNumber(direction == CallDirection.inbound ? phone.number() : caller)
                .setStartTime(context.instant(startMicros))
                .setAnswerTime(timeline.answered() && status != CallStatus.initiated && status != CallStatus.ringing
                        ? context.instant(timeline.answerMicros()) : null)
                .setEndTime(ended ? time : null)
                .setDurationSeconds(ended ? (int) ((timeline.endMicros() - startMicros) / 1_000_000) : 0)
                .setBillableDurationSeconds(talkSeconds)
                .setEdgeRegion(edgeRegion)
                .setAwsRegion(awsRegion)
                .setModelUsed(agent.model())
                .setVoiceModelUsed(agent.voiceModel())
                .setTurns(turns)
                .setMetadata(Map.of("generator", "aybiza"));
        if (completed) {
            int tokens = timeline.tokens();
            call.setTokensUsed(tokens)
                    .setCostUsd(Pricing.totalCost(BigDecimal.valueOf(talkSeconds).divide(BigDecimal.valueOf(60), 6,
                            RoundingMode.HALF_UP), Pricing.unitPrice("call_minutes", direction.name())))
                    .setQualityScore(qualityScore)
                    .setSentimentScore(sentimentScore)
                    .setEdgeCacheHits(random.nextInt(20))
                    .setEdgeCacheMisses(random.nextInt(5))
                    .setTranscriptId("TR" + callSid.substring(2));
            if (timeline.recordingBytes() > 0) {
                call.setRecordingUrl("s3://aybiza-recordings/" + agent.tenantId() + "/" + callSid + ".mp3")
                        .setRecordingDurationSeconds(talkSeconds);
            }
        }
        return new GeneratedEvent(EventTopic.CALLS, agent.tenantId().toString(), call.build(), "call." + status.name());
    }

    private List<CallTurn> drawTurns() {
        int count = timeline.turnCount();
        List<CallTurn> turns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int firstToken = 180 + random.nextInt(420);
            int ttsFirst = 90 + random.nextInt(210);
            turns.add(CallTurn.newBuilder()
                    .setTurnIndex(i)
                    .setSttLatencyMs(60 + random.nextInt(160))
                    .setLlmFirstTokenMs(firstToken)
                    .setLlmTotalLatencyMs(firstToken + 200 + random.nextInt(1400))
                    .setTtsFirstAudioMs(ttsFirst)
                    .setTtsTotalLatencyMs(ttsFirst + 300 + random.nextInt(1200))
                    .setInterrupted(random.nextDouble() < 0.1)
                    .setTokens(timeline.tokens() / count)
                    .build());
        }
        return turns;
    }
}
