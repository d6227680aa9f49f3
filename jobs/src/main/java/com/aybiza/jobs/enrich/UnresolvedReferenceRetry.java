package com.aybiza.jobs.enrich;

import com.aybiza.events.DeadLetter;
import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.SourcedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Right after enrichment, which passes every event on: lets the enriched ones through, and holds those whose
 * references enrichment could not find ({@link EnrichedEvent#awaitingReferences}) and looks them up again every retry interval, until they
 * resolve (then they go on like any enriched event) or their grace has passed since they first failed (then they are
 * dead-lettered under stage {@value DeadLetters#ENRICH} with what is still wrong). An event that overtook the
 * creation of its tenant or agent in another system is so billed, not refused. The events wait in checkpointed keyed
 * state, keyed like de-duplication, with one processing-time timer per key; both are gone once the key's events are.
 * At the end of a bounded input they get one last lookup and are then dead-lettered ({@link
 * UnresolvedReferenceRetryOperator}): nothing is left behind unseen.
 */
public final class UnresolvedReferenceRetry<T extends SpecificRecordBase>
        extends KeyedProcessFunction<String, EnrichedEvent<T>, EnrichedEvent<T>> {

    private static final long serialVersionUID = 1L;

    private final Class<T> eventType;
    private final ReferenceDataSettings settings;
    /** When an event first failed (processing time) -> the events that failed then. */
    private transient MapState<Long, List<SourcedEvent<T>>> pending;
    private transient ValueState<Long> nextRetry;
    private transient ReferenceResolver resolver;
    private transient Counter resolved;
    private transient Counter unknown;

    public UnresolvedReferenceRetry(Class<T> eventType, ReferenceDataSettings settings) {
        this.eventType = eventType;
        this.settings = settings;
    }

    static <T extends SpecificRecordBase> MapStateDescriptor<Long, List<SourcedEvent<T>>> pendingDescriptor(
            Class<T> eventType) {
        return new MapStateDescriptor<>("unresolved-references", Types.LONG,
                new ListTypeInfo<>(SourcedEvent.typeInfo(eventType)));
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        pending = getRuntimeContext().getMapState(pendingDescriptor(eventType));
        nextRetry = getRuntimeContext().getState(new ValueStateDescriptor<>("next-reference-retry", Types.LONG));
        // Loaded on the first event that waits, not at start: most subtasks never hold one, and every topology's
        // enrichment has already loaded the same tables at start.
        resolver = new ReferenceResolver(settings);
        resolver.registerMetrics(getRuntimeContext().getMetricGroup());
        resolved = getRuntimeContext().getMetricGroup().counter("unknownReferencesResolvedLater");
        unknown = getRuntimeContext().getMetricGroup().counter("unknownReferences");
    }

    @Override
    public void close() {
        if (resolver != null) {
            resolver.close();
        }
    }

    @Override
    public void processElement(EnrichedEvent<T> enriched, Context ctx, Collector<EnrichedEvent<T>> out) throws Exception {
        if (!enriched.awaitingReferences) {
            out.collect(enriched);
            return;
        }
        // Kept without its (empty) enrichment: what waits is the event and its record.
        SourcedEvent<T> event = new SourcedEvent<>(enriched.event, enriched.source);
        long now = ctx.timerService().currentProcessingTime();
        List<SourcedEvent<T>> failedNow = pending.get(now);
        if (failedNow == null) {
            failedNow = new ArrayList<>();
        }
        failedNow.add(event);
        pending.put(now, failedNow);
        if (nextRetry.value() == null) {
            long at = now + settings.retryInterval().toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            nextRetry.update(at);
        }
    }

    @Override
    public void onTimer(long now, OnTimerContext ctx, Collector<EnrichedEvent<T>> out) throws Exception {
        nextRetry.clear();
        List<Map.Entry<Long, List<SourcedEvent<T>>>> entries = new ArrayList<>();
        for (Map.Entry<Long, List<SourcedEvent<T>>> entry : pending.entries()) {
            entries.add(Map.entry(entry.getKey(), entry.getValue()));
        }
        boolean anyLeft = false;
        for (Map.Entry<Long, List<SourcedEvent<T>>> entry : entries) {
            boolean expired = now >= entry.getKey() + settings.unknownReferenceGrace().toMillis();
            List<SourcedEvent<T>> left = retry(entry.getValue(), now, expired ? "still unknown after "
                            + settings.unknownReferenceGrace() + " of lookups" : null, out::collect,
                    letter -> ctx.output(DeadLetters.TAG, letter));
            if (left.isEmpty()) {
                pending.remove(entry.getKey());
            } else {
                pending.put(entry.getKey(), left);
                anyLeft = true;
            }
        }
        if (anyLeft) {
            long at = now + settings.retryInterval().toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            nextRetry.update(at);
        }
    }

    /**
     * Looks {@code events} up again: the resolved ones go to {@code enriched}; the others, if {@code givingUp} says
     * why (not null), to {@code deadLetters}; returns those still waiting.
     */
    List<SourcedEvent<T>> retry(List<SourcedEvent<T>> events, long now, String givingUp,
                                Consumer<EnrichedEvent<T>> enriched, Consumer<DeadLetter> deadLetters)
            throws Exception {
        List<SourcedEvent<T>> left = new ArrayList<>();
        for (SourcedEvent<T> event : events) {
            ReferenceResolver.Resolution<T> resolution = resolver.resolve(event, now);
            if (resolution.enriched() != null) {
                resolved.inc();
                enriched.accept(resolution.enriched());
            } else if (givingUp != null) {
                unknown.inc();
                deadLetters.accept(DeadLetters.of(event.source, DeadLetters.ENRICH,
                        UnknownReferenceException.class.getName(), String.join("; ", resolution.problems())
                                + " (" + givingUp + ")", now));
            } else {
                left.add(event);
            }
        }
        return left;
    }

    /** Forgets the current key's waiting events (they were handed on at the end of the input). */
    void clearPending() throws Exception {
        pending.clear();
        nextRetry.clear();
    }

    Class<T> eventType() {
        return eventType;
    }
}
