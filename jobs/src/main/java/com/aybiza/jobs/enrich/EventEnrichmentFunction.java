package com.aybiza.jobs.enrich;

import com.aybiza.jobs.ingest.ContractFields;
import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.SourcedEvent;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The third stage, after validation: finds the event's tenant, organization, agent, agent version, phone number,
 * users and API key in the platform's reference data and attaches what the sinks need of them. An event whose references are unknown or
 * belong to someone else is dead-lettered under stage {@value DeadLetters#ENRICH}, after its unknown ids were looked
 * up in the database on their own, so that a tenant created a moment before its first call is found, not refused.
 * Runs before de-duplication: a refused event leaves no trace there, so its retry, once the tenant exists, counts.
 */
public final class EventEnrichmentFunction<T extends SpecificRecordBase> extends ProcessFunction<SourcedEvent<T>, EnrichedEvent<T>> {

    private static final long serialVersionUID = 1L;

    private final ReferenceDataSettings settings;
    private transient ReferenceDataCache cache;
    private transient Counter unknown;

    public EventEnrichmentFunction(ReferenceDataSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        cache = new ReferenceDataCache(settings);
        cache.current(System.currentTimeMillis());
        unknown = getRuntimeContext().getMetricGroup().counter("unknownReferences");
    }

    @Override
    public void close() {
        if (cache != null) {
            cache.close();
        }
    }

    @Override
    public void processElement(SourcedEvent<T> sourced, Context ctx, Collector<EnrichedEvent<T>> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        ReferenceData data = cache.current(now);
        List<String> problems = EventReferences.problems(sourced.event, data);
        if (!problems.isEmpty()) {
            cache.lookUp(EventReferences.ids(sourced.event), now);
            problems = EventReferences.problems(sourced.event, data);
        }
        if (!problems.isEmpty()) {
            unknown.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(sourced.source, DeadLetters.ENRICH,
                    UnknownReferenceException.class.getName(), String.join("; ", problems), now));
            return;
        }
        UUID tenantId = ContractFields.tenantId(sourced.event);
        UUID agentId = EventReferences.uuid(sourced.event, "agent_id");
        out.collect(new EnrichedEvent<>(sourced, tenantId == null ? null : data.tenant(tenantId),
                agentId == null ? null : data.agent(agentId)));
    }
}
