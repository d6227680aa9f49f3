package com.aybiza.jobs.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Checks the ids an event carries against a reference snapshot: each must exist, and they must agree with each
 * other (the tenant belongs to the event's organization, the agent to the tenant, the version to the agent, the
 * phone number to the tenant). These are the foreign keys the event's rows will carry; a row that breaks one would
 * be refused by the database at the sink, or worse, be billed to the wrong tenant. Fields are read by name, so one
 * check serves every contract; a contract without a field skips its check.
 */
final class EventReferences {

    private EventReferences() {
    }

    /** What is wrong with the event's references; empty when nothing is. */
    static List<String> problems(GenericRecord event, ReferenceData data) {
        List<String> problems = new ArrayList<>();
        UUID organizationId = uuid(event, "organization_id");
        UUID tenantId = uuid(event, "tenant_id");
        ReferenceData.Tenant tenant = null;
        if (tenantId != null) {
            tenant = data.tenant(tenantId);
            if (tenant == null) {
                problems.add("unknown tenant_id " + tenantId);
            } else if (organizationId != null && !organizationId.equals(tenant.organizationId())) {
                problems.add("tenant " + tenantId + " belongs to organization " + tenant.organizationId()
                        + ", not to organization_id " + organizationId);
            }
        } else if (organizationId != null && !data.hasOrganization(organizationId)) {
            problems.add("unknown organization_id " + organizationId);
        }
        UUID agentId = uuid(event, "agent_id");
        if (agentId != null) {
            ReferenceData.Agent agent = data.agent(agentId);
            if (agent == null) {
                problems.add("unknown agent_id " + agentId);
            } else if (tenant != null && !agent.tenantId().equals(tenant.id())) {
                problems.add("agent " + agentId + " belongs to tenant " + agent.tenantId() + ", not to tenant_id " + tenantId);
            }
        }
        UUID versionId = uuid(event, "agent_version_id");
        if (versionId != null) {
            ReferenceData.AgentVersion version = data.agentVersion(versionId);
            if (version == null) {
                problems.add("unknown agent_version_id " + versionId);
            } else if (!Objects.equals(version.agentId(), agentId)) {
                problems.add("agent version " + versionId + " is a version of agent " + version.agentId()
                        + ", not of agent_id " + agentId);
            }
        }
        UUID phoneId = uuid(event, "phone_number_id");
        if (phoneId != null) {
            ReferenceData.PhoneNumber phone = data.phoneNumber(phoneId);
            if (phone == null) {
                problems.add("unknown phone_number_id " + phoneId);
            } else if (tenant != null && !phone.tenantId().equals(tenant.id())) {
                problems.add("phone number " + phoneId + " belongs to tenant " + phone.tenantId() + ", not to tenant_id " + tenantId);
            }
        }
        return problems;
    }

    private static UUID uuid(GenericRecord event, String field) {
        Schema.Field f = event.getSchema().getField(field);
        return f == null ? null : (UUID) event.get(f.pos());
    }
}
