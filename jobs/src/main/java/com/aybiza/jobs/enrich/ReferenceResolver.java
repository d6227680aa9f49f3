package com.aybiza.jobs.enrich;

import com.aybiza.events.UsageEvent;
import com.aybiza.jobs.ingest.ContractFields;
import com.aybiza.jobs.ingest.SourcedEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Resolves an event's references against a task's reference data: the one rule enrichment and its retries share.
 * Unknown ids are looked up on their own first. Usage stays billable when what it names was deleted after the event:
 * usage_metering has no foreign key to tenants or agents, and money is owed all the same. An agent the data does not
 * hold is not needed to bill (its id stays in the row's metadata); a tenant it does not hold is taken for deleted if
 * usage of it was billed before and its organization still exists; one never billed cannot be told from a wrong id.
 */
final class ReferenceResolver implements AutoCloseable {

    /** An enriched event, or what is wrong with its references. */
    record Resolution<T extends SpecificRecordBase>(EnrichedEvent<T> enriched, List<String> problems) {
    }

    /** The tenant status an enriched event carries when its tenant was deleted after it was billed before. */
    static final String DELETED = "deleted";

    private final ReferenceDataCache cache;

    ReferenceResolver(ReferenceDataSettings settings) {
        this.cache = new ReferenceDataCache(settings);
    }

    void open(long nowMillis) throws SQLException {
        cache.current(nowMillis);
    }

    <T extends SpecificRecordBase> Resolution<T> resolve(SourcedEvent<T> sourced, long nowMillis) throws SQLException {
        ReferenceData data = cache.current(nowMillis);
        List<String> problems = EventReferences.problems(sourced.event, data);
        if (!problems.isEmpty()) {
            cache.lookUp(EventReferences.ids(sourced.event), nowMillis);
            problems = EventReferences.problems(sourced.event, data);
        }
        if (!problems.isEmpty() && sourced.event instanceof UsageEvent usage) {
            problems = stillUnbillable(usage, problems, data, nowMillis);
        }
        if (!problems.isEmpty()) {
            return new Resolution<>(null, problems);
        }
        UUID tenantId = ContractFields.tenantId(sourced.event);
        UUID agentId = EventReferences.uuid(sourced.event, "agent_id");
        EnrichedEvent<T> enriched = new EnrichedEvent<>(sourced, tenantId == null ? null : data.tenant(tenantId),
                agentId == null ? null : data.agent(agentId));
        if (tenantId != null && enriched.tenantStatus == null) {
            enriched.tenantStatus = DELETED;
        }
        return new Resolution<>(enriched, List.of());
    }

    private List<String> stillUnbillable(UsageEvent usage, List<String> problems, ReferenceData data, long now)
            throws SQLException {
        List<String> left = new ArrayList<>();
        for (String problem : problems) {
            if (problem.startsWith("unknown agent_id ")) {
                continue;
            }
            if (problem.startsWith("unknown tenant_id ") && data.hasOrganization(usage.getOrganizationId())
                    && cache.hasBillingHistory(usage.getTenantId(), now)) {
                continue;
            }
            left.add(problem);
        }
        return left;
    }

    /** Shows on the dashboard how often ids were looked up on their own, found, and the tables loaded whole. */
    void registerMetrics(org.apache.flink.metrics.MetricGroup group) {
        group.gauge("referenceLookups", cache::lookups);
        group.gauge("referenceLookupHits", cache::lookupHits);
        group.gauge("referenceFullLoads", cache::fullLoads);
    }

    @Override
    public void close() {
        cache.close();
    }
}
