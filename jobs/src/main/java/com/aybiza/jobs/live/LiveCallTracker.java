package com.aybiza.jobs.live;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatuses;
import com.aybiza.events.CallTurn;
import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionStatus;
import com.aybiza.jobs.calls.LifecycleOrder;
import com.aybiza.jobs.calls.TurnSummary;
import com.aybiza.jobs.quality.CallQualityModel;
import com.aybiza.jobs.quality.CallQualityScore;
import com.aybiza.jobs.quality.Finding;
import com.aybiza.jobs.quality.QualityInputs;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Each call's live state in {@code RealtimeCallState}, keyed by tenant and call: from {@code initiated} to its end, one
 * item per call (partition key call_sid, sort key the call's start in epoch milliseconds, so every write of the call
 * replaces the same item) with its status, turns so far, the last turn's and the 95th-percentile turn's latency split
 * into STT / LLM first token / TTS first audio / tools, interruptions, tool calls, running cost and a running quality
 * score by {@link CallQualityModel}, the formula of the stored scores. Each event writes the item again.
 *
 * <p>Every figure is kept so that the same events make the same item whatever order they arrive in (the three topics
 * are read at their own speeds, and a replay reads them differently): the status moves only forward
 * ({@link LifecycleOrder}), turns are kept by index and count once, a tool's end wins over its start, sums are sums.
 *
 * <p>An ended call is written with {@code live = false} and a {@code ttl} {@value #ENDED_TTL_SECONDS} s after its end;
 * a turn or tool outcome that comes after the end still completes its figures, and the item stays not live. Its
 * state is kept for an hour of event time after the end, then dropped; a live
 * item's ttl is an hour after its latest event, so a call whose end never comes expires. A reader asks for
 * {@code live = true} and {@code ttl > now}. An event more than an hour behind the watermark for a call not held is too
 * late for live state and is counted ({@code tooLateForLiveState}); the tables have it anyway.
 */
public final class LiveCallTracker extends KeyedProcessFunction<String, CallActivity, LiveItem> {

    private static final long serialVersionUID = 1L;

    static final long ENDED_TTL_SECONDS = 300;
    private static final long LIVE_TTL_SECONDS = 3600;
    private static final long REMEMBER_ENDED_MILLIS = 3_600_000L;
    private static final long ABANDONED_AFTER_MILLIS = 6 * 3_600_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private transient ValueState<LiveCall> call;
    private transient ValueState<Long> expiry;
    private transient Counter itemsWritten;
    private transient Counter tooLate;

    @Override
    public void open(OpenContext openContext) {
        call = getRuntimeContext().getState(new ValueStateDescriptor<>("live-call", LiveCall.typeInfo()));
        expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry", Types.LONG));
        itemsWritten = getRuntimeContext().getMetricGroup().counter("liveCallItems");
        tooLate = getRuntimeContext().getMetricGroup().counter("tooLateForLiveState");
    }

    @Override
    public void processElement(CallActivity activity, Context ctx, Collector<LiveItem> out) throws Exception {
        LiveCall held = call.value();
        long time = activity.eventTime().toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        if (held == null && watermark != Long.MIN_VALUE && time < watermark - REMEMBER_ENDED_MILLIS) {
            tooLate.inc();
            return;
        }
        if (held == null) {
            held = new LiveCall();
            held.tenantId = activity.tenantId().toString();
            held.callSid = activity.callSid();
        }
        if (activity.agentId() != null) {
            held.agentId = activity.agentId().toString();
        }
        held.latestEventMillis = Math.max(held.latestEventMillis, time);
        if (activity.call != null) {
            apply(held, activity.call);
        } else if (activity.turn != null) {
            apply(held, activity.turn);
        } else {
            apply(held, activity.tool);
        }
        call.update(held);
        if (held.startMillis != 0) {
            out.collect(item(held));
            itemsWritten.inc();
        }
        long expiresAt = held.ended() ? held.endedMillis + REMEMBER_ENDED_MILLIS
                : held.latestEventMillis + ABANDONED_AFTER_MILLIS;
        Long current = expiry.value();
        if (current == null || current != expiresAt) {
            if (current != null) {
                ctx.timerService().deleteEventTimeTimer(current);
            }
            ctx.timerService().registerEventTimeTimer(expiresAt);
            expiry.update(expiresAt);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LiveItem> out) {
        call.clear();
        expiry.clear();
    }

    private static void apply(LiveCall held, CallEvent event) {
        String status = CallStatuses.toDatabaseValue(event.getStatus());
        if (held.status == null || LifecycleOrder.CALL.beats(status, event.getEndTime(), held.status,
                held.endedMillis == null ? null : Instant.ofEpochMilli(held.endedMillis))) {
            held.status = status;
            if (LifecycleOrder.CALL.isFinal(status)) {
                held.endedMillis = event.getEndTime().toEpochMilli();
                held.edgeScoreHundredths = hundredths(event.getQualityScore());
                if (event.getSentimentScore() != null) {
                    held.sentimentHundredths = hundredths(event.getSentimentScore());
                    held.sentimentAtMillis = Long.MAX_VALUE;
                }
            }
        }
        held.startMillis = event.getStartTime().toEpochMilli();
        if (event.getAnswerTime() != null) {
            held.answeredMillis = event.getAnswerTime().toEpochMilli();
        }
    }

    private static void apply(LiveCall held, CallTurnEvent event) {
        int at = 0;
        while (at < held.turns.size() && held.turns.get(at).getTurnIndex() < event.getTurnIndex()) {
            at++;
        }
        if (at < held.turns.size() && held.turns.get(at).getTurnIndex() == event.getTurnIndex()) {
            return; // a turn counts once
        }
        held.turns.add(at, CallActivity.asCallTurn(event));
        held.toolWaits.add(at, event.getToolLatencyMs() == null ? -1 : event.getToolLatencyMs());
        if (held.turns.size() > LiveCall.MAX_TURNS) {
            held.turns.remove(0);
            held.toolWaits.remove(0);
        }
        held.turnCount++;
        held.interruptions += event.getInterrupted() ? 1 : 0;
        if (event.getCostUsd() != null) {
            held.costMicroUsd += event.getCostUsd().movePointRight(6).longValueExact();
        }
        // The latest measure wins, whatever order the turns come in; the call's own final figure wins over all.
        long time = event.getEventTime().toEpochMilli();
        if (event.getSentimentScore() != null && time >= held.sentimentAtMillis) {
            held.sentimentHundredths = hundredths(event.getSentimentScore());
            held.sentimentAtMillis = time;
        }
    }

    private static void apply(LiveCall held, ToolExecutionEvent event) {
        String status = event.getStatus().name();
        String before = held.executions.get(event.getExecutionId().toString());
        boolean finishedBefore = ToolExecutionStatus.completed.name().equals(before)
                || ToolExecutionStatus.failed.name().equals(before);
        if (!finishedBefore) {
            held.executions.put(event.getExecutionId().toString(), status);
        }
    }

    /** The call's item: what a reader of RealtimeCallState sees. */
    static LiveItem item(LiveCall c) {
        ObjectNode item = JSON.createObjectNode();
        item.put("call_sid", c.callSid);
        item.put("timestamp", c.startMillis);
        item.put("tenant_id", c.tenantId);
        if (c.agentId != null) {
            item.put("agent_id", c.agentId);
        }
        item.put("status", c.status == null ? "initiated" : c.status);
        item.put("live", !c.ended());
        item.put("started_at", Instant.ofEpochMilli(c.startMillis).toString());
        if (c.answeredMillis != null) {
            item.put("answered_at", Instant.ofEpochMilli(c.answeredMillis).toString());
        }
        if (c.ended()) {
            item.put("ended_at", Instant.ofEpochMilli(c.endedMillis).toString());
        }
        item.put("turns", c.turnCount);
        item.put("interruptions", c.interruptions);
        if (!c.turns.isEmpty()) {
            int last = c.turns.size() - 1;
            item.set("last_turn", split(List.of(c.turns.get(last)), List.of(c.toolWaits.get(last)), 1.0));
            item.set("p95_turn", split(c.turns, c.toolWaits, 0.95));
        }
        int toolCalls = c.executions.size();
        int failed = (int) c.executions.values().stream().filter(ToolExecutionStatus.failed.name()::equals).count();
        item.put("tool_calls", toolCalls);
        item.put("failed_tool_calls", failed);
        item.put("running_cost_usd", BigDecimal.valueOf(c.costMicroUsd, 6));
        CallQualityScore score = CallQualityModel.score(new QualityInputs(c.turns, toolCalls, failed,
                c.sentimentHundredths == null ? null : BigDecimal.valueOf(c.sentimentHundredths, 2),
                c.edgeScoreHundredths == null ? null : BigDecimal.valueOf(c.edgeScoreHundredths, 2),
                "failed".equals(c.status)));
        item.put("quality_score", score.overall());
        item.put("quality_model", score.modelVersion());
        ArrayNode issues = item.putArray("quality_issues");
        for (Finding issue : score.issues()) {
            issues.add(issue.code());
        }
        item.put("updated_at", Instant.ofEpochMilli(c.latestEventMillis).toString());
        long ttl = c.ended() ? Math.floorDiv(c.endedMillis, 1000) + ENDED_TTL_SECONDS
                : Math.floorDiv(c.latestEventMillis, 1000) + LIVE_TTL_SECONDS;
        item.put(LiveTables.TTL_ATTRIBUTE, ttl);
        return new LiveItem(LiveTables.REALTIME_CALL_STATE, false, item.toString(), c.latestEventMillis);
    }

    /**
     * The latency split at a percentile (nearest rank) of the turns that measured each part: STT, LLM first token, TTS
     * first audio, tools, and the caller's whole wait. A part no turn measured is left out.
     */
    private static ObjectNode split(List<CallTurn> turns, List<Integer> toolWaits, double percentile) {
        ObjectNode split = JSON.createObjectNode();
        putPercentile(split, "stt_ms", turns, CallTurn::getSttLatencyMs, percentile);
        putPercentile(split, "llm_first_token_ms", turns, CallTurn::getLlmFirstTokenMs, percentile);
        putPercentile(split, "tts_first_audio_ms", turns, CallTurn::getTtsFirstAudioMs, percentile);
        List<Integer> tools = toolWaits.stream().filter(w -> w >= 0).toList();
        if (!tools.isEmpty()) {
            split.put("tool_ms", percentile(new ArrayList<>(tools), percentile));
        }
        putPercentile(split, "total_ms", turns, TurnSummary::totalLatency, percentile);
        return split;
    }

    private static void putPercentile(ObjectNode split, String name, List<CallTurn> turns,
                                      Function<CallTurn, Integer> part, double percentile) {
        List<Integer> values = new ArrayList<>();
        for (CallTurn turn : turns) {
            Integer value = part.apply(turn);
            if (value != null) {
                values.add(value);
            }
        }
        if (!values.isEmpty()) {
            split.put(name, percentile(values, percentile));
        }
    }

    /** Nearest rank: the smallest value with at least {@code percentile} of the values at or below it. */
    static int percentile(List<Integer> values, double percentile) {
        values.sort(Integer::compare);
        int rank = (int) Math.ceil(percentile * values.size());
        return values.get(Math.max(0, rank - 1));
    }

    private static Integer hundredths(BigDecimal value) {
        return value == null ? null : value.movePointRight(2).intValueExact();
    }
}
