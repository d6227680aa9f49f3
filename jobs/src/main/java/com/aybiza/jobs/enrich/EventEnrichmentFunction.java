package com.aybiza.jobs.enrich;

import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.SourcedEvent;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The third stage, after validation: finds the event's tenant, organization, agent, agent version, phone number,
 * users and API key in the platform's reference data and attaches what the sinks need of them
 * ({@link ReferenceResolver}). An event whose references are unknown or belong to someone else, after its unknown ids
 * were looked up in the database on their own, goes to the {@code unresolved} side output to be tried again for the
 * configured grace ({@link UnresolvedReferenceRetry}), or, without one, is dead-lettered under stage
 * {@value DeadLetters#ENRICH} at once. Runs before de-duplication: a refused event leaves no trace there, so its
 * retry, once the tenant exists, counts.
 */
public final class EventEnrichmentFunction<T extends SpecificRecordBase> extends ProcessFunction<SourcedEvent<T>, EnrichedEvent<T>> {

    private static final long serialVersionUID = 1L;

    /** The tenant status an enriched event carries when its tenant was deleted after it was billed before. */
    public static final String DELETED = ReferenceResolver.DELETED;

    private final ReferenceDataSettings settings;
    private final OutputTag<SourcedEvent<T>> unresolved;
    private transient ReferenceResolver resolver;
    private transient Counter unknown;
    private transient Counter retried;

    /** Dead-letters unknown references at once. */
    public EventEnrichmentFunction(ReferenceDataSettings settings) {
        this(settings, null);
    }

    /** Sends events with unknown references to {@code unresolved}, when the settings give a grace and it is not null. */
    public EventEnrichmentFunction(ReferenceDataSettings settings, OutputTag<SourcedEvent<T>> unresolved) {
        this.settings = settings;
        this.unresolved = settings.unknownReferenceGrace().isZero() ? null : unresolved;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        resolver = new ReferenceResolver(settings);
        resolver.open(System.currentTimeMillis());
        resolver.registerMetrics(getRuntimeContext().getMetricGroup());
        unknown = getRuntimeContext().getMetricGroup().counter("unknownReferences");
        retried = getRuntimeContext().getMetricGroup().counter("unknownReferencesToRetry");
    }

    @Override
    public void close() {
        if (resolver != null) {
            resolver.close();
        }
    }

    @Override
    public void processElement(SourcedEvent<T> sourced, Context ctx, Collector<EnrichedEvent<T>> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        ReferenceResolver.Resolution<T> resolution = resolver.resolve(sourced, now);
        if (resolution.enriched() != null) {
            out.collect(resolution.enriched());
        } else if (unresolved != null) {
            retried.inc();
            ctx.output(unresolved, sourced);
        } else {
            unknown.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(sourced.source, DeadLetters.ENRICH,
                    UnknownReferenceException.class.getName(), String.join("; ", resolution.problems()), now));
        }
    }
}
