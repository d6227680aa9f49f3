package com.aybiza.jobs.enrich;

import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.SourcedEvent;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The third stage, after validation: finds the event's tenant, organization, agent, agent version, phone number,
 * users and API key in the platform's reference data and attaches what the sinks need of them
 * ({@link ReferenceResolver}). An event whose references are unknown or belong to someone else, after its unknown ids
 * were looked up in the database on their own, is passed on to be tried again for the
 * configured grace ({@link UnresolvedReferenceRetry}, marked as awaiting its references), or, without one, is dead-lettered under stage
 * {@value DeadLetters#ENRICH} at once. Runs before de-duplication: a refused event leaves no trace there, so its
 * retry, once the tenant exists, counts.
 */
public final class EventEnrichmentFunction<T extends SpecificRecordBase> extends ProcessFunction<SourcedEvent<T>, EnrichedEvent<T>> {

    private static final long serialVersionUID = 1L;

    /** The tenant status an enriched event carries when its tenant was deleted after it was billed before. */
    public static final String DELETED = ReferenceResolver.DELETED;

    private final ReferenceDataSettings settings;
    private final boolean passOnUnresolved;
    private transient ReferenceResolver resolver;
    private transient Counter unknown;
    private transient Counter retried;

    /** Dead-letters unknown references at once. */
    public EventEnrichmentFunction(ReferenceDataSettings settings) {
        this(settings, false);
    }

    /**
     * With {@code passOnUnresolved}, and a grace in the settings, passes an event whose references are unknown on
     * {@linkplain EnrichedEvent#awaitingReferences marked} for {@link UnresolvedReferenceRetry}, the next operator;
     * otherwise dead-letters it at once. Passed on in the main output rather than a side output, so that every event
     * reaches de-duplication through one chain of operators, with nothing serialized between them.
     */
    public EventEnrichmentFunction(ReferenceDataSettings settings, boolean passOnUnresolved) {
        this.settings = settings;
        this.passOnUnresolved = passOnUnresolved && !settings.unknownReferenceGrace().isZero();
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
        } else if (passOnUnresolved) {
            retried.inc();
            out.collect(EnrichedEvent.awaitingReferences(sourced));
        } else {
            unknown.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(sourced.source, DeadLetters.ENRICH,
                    UnknownReferenceException.class.getName(), String.join("; ", resolution.problems()), now));
        }
    }
}
