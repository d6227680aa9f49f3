package com.aybiza.jobs.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The ids an event points at, and whether a reference snapshot holds them and they agree with each other: the tenant
 * belongs to the event's organization, the agent and the phone number to the tenant, the version to the agent, a
 * user and an API key to the organization. These are the foreign keys the event's rows will carry; a row that breaks one would be
 * refused at the sink, or worse, be billed to the wrong tenant.
 *
 * <p>Fields are read by name, at the top of the event or in its payload (a security event's agent, version and user
 * sit in the payload), so one check serves every contract; a contract without a field skips its check.
 */
final class EventReferences {

    private static final List<String> USER_FIELDS = List.of("user_id", "reviewed_by", "resolved_by");
    /** Every field that names a row of the reference data. */
    private static final List<String> REFERENCE_FIELDS = List.of("organization_id", "tenant_id", "agent_id",
            "agent_version_id", "phone_number_id", "user_id", "reviewed_by", "resolved_by", "api_key_id");

    private EventReferences() {
    }

    /** Every id the event points at. */
    static List<UUID> ids(GenericRecord event) {
        List<UUID> ids = new ArrayList<>();
        for (String field : REFERENCE_FIELDS) {
            UUID id = uuid(event, field);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
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
        for (String field : USER_FIELDS) {
            UUID userId = uuid(event, field);
            ReferenceData.User user = userId == null ? null : data.user(userId);
            checkOrganizationMember(problems, field, userId, user == null ? null : user.organizationId(), organizationId);
        }
        UUID keyId = uuid(event, "api_key_id");
        ReferenceData.ApiKey key = keyId == null ? null : data.apiKey(keyId);
        checkOrganizationMember(problems, "api_key_id", keyId, key == null ? null : key.organizationId(), organizationId);
        return problems;
    }

    /**
     * A user or an API key: {@code id} (null: the event names none) must exist, which {@code ownerOrganization} (null
     * when it does not) says, and belong to the event's organization.
     */
    private static void checkOrganizationMember(List<String> problems, String field, UUID id, UUID ownerOrganization,
                                                UUID organizationId) {
        if (id == null) {
            return;
        }
        if (ownerOrganization == null) {
            problems.add("unknown " + field + " " + id);
        } else if (organizationId != null && !organizationId.equals(ownerOrganization)) {
            problems.add(field + " " + id + " belongs to organization " + ownerOrganization
                    + ", not to organization_id " + organizationId);
        }
    }

    /** The UUID in {@code field} at the event's top level, else in its payload record; null where there is none. */
    static UUID uuid(GenericRecord event, String field) {
        Schema.Field f = event.getSchema().getField(field);
        if (f != null) {
            return (UUID) event.get(f.pos());
        }
        Schema.Field payloadField = event.getSchema().getField("payload");
        if (payloadField != null && event.get(payloadField.pos()) instanceof GenericRecord payload) {
            Schema.Field inner = payload.getSchema().getField(field);
            return inner == null ? null : (UUID) payload.get(inner.pos());
        }
        return null;
    }
}
