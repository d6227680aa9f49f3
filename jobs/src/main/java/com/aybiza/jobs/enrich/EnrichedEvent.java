package com.aybiza.jobs.enrich;

import com.aybiza.jobs.ingest.SourcedEvent;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * An event whose references were found, with what the sinks and aggregates want to know about them: the tenant's
 * name, plan tier and status, and the agent's name. Still a {@link SourcedEvent}, so a sink can dead-letter it.
 */
public class EnrichedEvent<T extends SpecificRecordBase> extends SourcedEvent<T> {

    public String tenantName;
    public String planTier;
    public String tenantStatus;
    /** Null when the event names no agent. */
    public String agentName;
    /**
     * True while the event's references are still unknown: enrichment passes it on like this to
     * {@link UnresolvedReferenceRetry}, which holds it and looks them up again, and lets every other event through.
     */
    public boolean awaitingReferences;

    public EnrichedEvent() {
    }

    public EnrichedEvent(SourcedEvent<T> sourced, ReferenceData.Tenant tenant, ReferenceData.Agent agent) {
        super(sourced.event, sourced.source);
        this.tenantName = tenant == null ? null : tenant.name();
        this.planTier = tenant == null ? null : tenant.planTier();
        this.tenantStatus = tenant == null ? null : tenant.status();
        this.agentName = agent == null ? null : agent.name();
    }

    /** {@code sourced}, whose references enrichment could not find yet. */
    public static <T extends SpecificRecordBase> EnrichedEvent<T> awaitingReferences(SourcedEvent<T> sourced) {
        EnrichedEvent<T> waiting = new EnrichedEvent<>(sourced, null, null);
        waiting.awaitingReferences = true;
        return waiting;
    }

    /** The type of a stream of enriched {@code eventType} events: the event as Avro, the rest as POJO fields. */
    public static <T extends SpecificRecordBase> TypeInformation<EnrichedEvent<T>> enrichedTypeInfo(Class<T> eventType) {
        return pojoTypeInfo(EnrichedEvent.class, eventType, Map.of("tenantName", Types.STRING, "planTier", Types.STRING,
                "tenantStatus", Types.STRING, "agentName", Types.STRING, "awaitingReferences", Types.BOOLEAN));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnrichedEvent<?> e && super.equals(o) && Objects.equals(tenantName, e.tenantName)
                && Objects.equals(planTier, e.planTier) && Objects.equals(tenantStatus, e.tenantStatus)
                && Objects.equals(agentName, e.agentName) && awaitingReferences == e.awaitingReferences;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), tenantName, agentName);
    }
}
