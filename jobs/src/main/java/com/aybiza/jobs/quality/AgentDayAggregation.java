package com.aybiza.jobs.quality;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Each agent's day as an event-time window, keyed by tenant, agent and UTC day ({@link AgentDay#key}): the
 * contributions of the day's finished calls and tool executions are summed as they come, and the sum is emitted at
 * most every update interval while it changes (an early firing, so the row is fresh while the day runs), and once
 * more, if it changed since, when the watermark passes the day's end plus the lateness. Then the state is cleared.
 *
 * <p>A contribution that comes within the lateness updates the day like any other: the next emission carries it, and
 * the writer's upsert replaces the day's row. One that comes later finds no window: it is counted
 * ({@code lateContributionsDropped}) and left out, because a day started again from it alone would be a partial sum.
 * Every emission is the whole day so far, never a difference, so emitting again is harmless.
 */
public final class AgentDayAggregation extends KeyedProcessFunction<String, AgentDay, AgentDay> {

    private static final long serialVersionUID = 1L;

    private final long updateIntervalMillis;
    private final long latenessMillis;
    private transient ValueState<AgentDay> day;
    /** The pending early firing: set while the day has changes not emitted yet. */
    private transient ValueState<Long> update;
    private transient Counter lateEvents;
    private transient Counter lateContributionsDropped;

    public AgentDayAggregation(AgentPerformanceSettings settings) {
        this.updateIntervalMillis = settings.updateInterval().toMillis();
        this.latenessMillis = settings.lateness().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        day = getRuntimeContext().getState(new ValueStateDescriptor<>("agent-day", AgentDay.typeInfo()));
        update = getRuntimeContext().getState(new ValueStateDescriptor<>("update-timer", Types.LONG));
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
        lateContributionsDropped = getRuntimeContext().getMetricGroup().counter("lateContributionsDropped");
    }

    @Override
    public void processElement(AgentDay contribution, Context ctx, Collector<AgentDay> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (contribution.dayEndMillis() <= watermark) {
            lateEvents.inc();
        }
        long windowEnd = contribution.dayEndMillis() + latenessMillis;
        AgentDay held = day.value();
        if (held == null && windowEnd <= watermark) {
            lateContributionsDropped.inc();
            return;
        }
        if (held == null) {
            held = contribution.copy();
            ctx.timerService().registerEventTimeTimer(windowEnd);
        } else {
            held.add(contribution);
        }
        day.update(held);
        if (update.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + updateIntervalMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            update.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AgentDay> out) throws Exception {
        AgentDay held = day.value();
        Long pending = update.value();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            update.clear();
            if (held != null) {
                out.collect(held.copy());
            }
            return;
        }
        // The window's end: emit what is not emitted yet, then forget the day.
        if (pending != null) {
            ctx.timerService().deleteProcessingTimeTimer(pending);
            if (held != null) {
                out.collect(held.copy());
            }
        }
        day.clear();
        update.clear();
    }
}
