package com.aybiza.jobs.calls;

import com.aybiza.events.CallEvent;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionStatus;
import com.aybiza.jobs.enrich.EnrichedEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.Collector;

/**
 * Joins each finished call with the outcomes of its tool executions, in event time, keyed by tenant and call_sid
 * ({@link #key}).
 *
 * <p>Per call it holds the final event that wins ({@link LifecycleOrder#CALL}) and, per execution, its most advanced
 * outcome ({@link LifecycleOrder#TOOL_EXECUTION}). An event-time timer at the call's end_time plus the grace emits the
 * {@link FinishedCall} and clears everything: outcomes that come before the call ends or within the grace are counted.
 * Outcomes of a call not (yet) ended wait for it up to the retention after their own event_time, then are dropped and
 * counted ({@code toolOutcomesWithoutCall}); that is also how an outcome that comes after its call was written ends.
 * So every key's state ends with a timer, and nothing is left behind.
 *
 * <p>The grace is also kept in processing time: a finished call is emitted at the latest the grace after it arrived,
 * even if the watermark stalls, as it does when traffic pauses (the last calls before a quiet spell would otherwise
 * wait for the next traffic) or when one topic's partitions are far behind the other's during a catch-up.
 */
public final class FinishedCallJoin extends KeyedCoProcessFunction<String, EnrichedEvent<CallEvent>,
        EnrichedEvent<ToolExecutionEvent>, FinishedCall> {

    private static final long serialVersionUID = 1L;

    /** An outcome's completed_at when it has none (a started execution): Long's serializer takes no null. */
    private static final long NO_END = Long.MIN_VALUE;

    private final long graceMillis;
    private final long retentionMillis;
    private transient ValueState<EnrichedEvent<CallEvent>> call;
    /** Per execution_id: its status and completed_at in microseconds. */
    private transient MapState<String, Tuple2<String, Long>> outcomes;
    /** The one timer the key has: the call's emission, or the outcomes' expiry while no call is known. */
    private transient ValueState<Long> timer;
    /** The processing-time bound on the grace, while a finished call is held. */
    private transient ValueState<Long> wallClockTimer;
    private transient Counter finishedCalls;
    private transient Counter toolOutcomesWithoutCall;
    /** Events whose event time the watermark had already passed when they came: the dashboard's late events. */
    private transient Counter lateEvents;

    public FinishedCallJoin(CallAnalyticsSettings settings) {
        this.graceMillis = settings.toolOutcomeGrace().toMillis();
        this.retentionMillis = settings.toolOutcomeRetention().toMillis();
    }

    /** The key both inputs are keyed by: call SIDs are unique per provider, the tenant keeps tenants apart. */
    public static String key(UUID tenantId, String callSid) {
        return tenantId + "|" + callSid;
    }

    @Override
    public void open(OpenContext openContext) {
        call = getRuntimeContext().getState(new ValueStateDescriptor<>("finished-call",
                EnrichedEvent.enrichedTypeInfo(CallEvent.class)));
        outcomes = getRuntimeContext().getMapState(new MapStateDescriptor<>("tool-outcomes", Types.STRING,
                Types.TUPLE(Types.STRING, Types.LONG)));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
        wallClockTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("wall-clock-timer", Types.LONG));
        finishedCalls = getRuntimeContext().getMetricGroup().counter("finishedCalls");
        toolOutcomesWithoutCall = getRuntimeContext().getMetricGroup().counter("toolOutcomesWithoutCall");
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public void processElement1(EnrichedEvent<CallEvent> finished, Context ctx, Collector<FinishedCall> out)
            throws Exception {
        CallEvent event = finished.event;
        countIfLate(ctx, event.getEventTime());
        if (!LifecycleOrder.CALL.isFinal(CallRow.status(event))) {
            return;
        }
        EnrichedEvent<CallEvent> held = call.value();
        if (held != null && !LifecycleOrder.CALL.beats(CallRow.status(event), event.getEndTime(),
                CallRow.status(held.event), held.event.getEndTime())) {
            return;
        }
        // Kept as it is, not copied: the input comes through a keyBy, whose network input deserializes a new object
        // for every record, so nothing upstream can change it, object reuse or not.
        call.update(finished);
        schedule(ctx, event.getEndTime().toEpochMilli() + graceMillis);
        if (wallClockTimer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + graceMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            wallClockTimer.update(at);
        }
    }

    @Override
    public void processElement2(EnrichedEvent<ToolExecutionEvent> outcome, Context ctx, Collector<FinishedCall> out)
            throws Exception {
        ToolExecutionEvent event = outcome.event;
        countIfLate(ctx, event.getEventTime());
        String execution = event.getExecutionId().toString();
        Tuple2<String, Long> held = outcomes.get(execution);
        String status = event.getStatus().name();
        if (held == null || LifecycleOrder.TOOL_EXECUTION.beats(status, event.getCompletedAt(), held.f0,
                held.f1 == NO_END ? null : instant(held.f1))) {
            outcomes.put(execution, Tuple2.of(status, event.getCompletedAt() == null ? NO_END
                    : micros(event.getCompletedAt())));
        }
        if (call.value() == null && timer.value() == null) {
            schedule(ctx, event.getEventTime().toEpochMilli() + retentionMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FinishedCall> out) throws Exception {
        EnrichedEvent<CallEvent> finished = call.value();
        int total = 0;
        int successful = 0;
        int failed = 0;
        for (Map.Entry<String, Tuple2<String, Long>> outcome : outcomes.entries()) {
            total++;
            successful += outcome.getValue().f0.equals(ToolExecutionStatus.completed.name()) ? 1 : 0;
            failed += outcome.getValue().f0.equals(ToolExecutionStatus.failed.name()) ? 1 : 0;
        }
        if (finished != null) {
            out.collect(new FinishedCall(finished, total, successful, failed));
            finishedCalls.inc();
        } else {
            toolOutcomesWithoutCall.inc(total);
        }
        // Whichever bound fired first, the other one's timer goes too.
        Long eventTimer = timer.value();
        if (eventTimer != null && ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            ctx.timerService().deleteEventTimeTimer(eventTimer);
        }
        Long processingTimer = wallClockTimer.value();
        if (processingTimer != null && ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            ctx.timerService().deleteProcessingTimeTimer(processingTimer);
        }
        call.clear();
        outcomes.clear();
        timer.clear();
        wallClockTimer.clear();
    }

    private void countIfLate(Context ctx, Instant eventTime) {
        if (eventTime.toEpochMilli() < ctx.timerService().currentWatermark()) {
            lateEvents.inc();
        }
    }

    private void schedule(Context ctx, long at) throws Exception {
        Long current = timer.value();
        if (current != null && current == at) {
            return;
        }
        if (current != null) {
            ctx.timerService().deleteEventTimeTimer(current);
        }
        ctx.timerService().registerEventTimeTimer(at);
        timer.update(at);
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
    }
}
