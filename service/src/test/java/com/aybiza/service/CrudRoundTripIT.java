package com.aybiza.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.service.catalog.IdentifierFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Create, get, list, patch and delete over HTTP against the migrated schema, with the audit trail they leave. */
class CrudRoundTripIT {

    @RegisterExtension
    static final ServiceHarness SERVICE = new ServiceHarness();

    static ServiceHarness.Tenant acme;
    static ApiClient api;

    @BeforeAll
    static void bootstrap() throws Exception {
        acme = SERVICE.newTenant("acme", true);
        api = acme.client();
    }

    static ObjectNode agent(String name) {
        return ApiClient.object().put("name", name).put("system_prompt", "You answer calls for " + name + ".");
    }

    @Test
    void createsAnAgentWithTheDocumentsJsonbDefaultsAndReadsItBack() {
        ApiClient.Response created = api.post("/v1/agents", agent("Reception"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode row = created.json();
        assertThat(row.get("tenant_id").asText()).isEqualTo(acme.tenantId().toString());
        assertThat(row.get("organization_id").asText()).isEqualTo(acme.organizationId().toString());
        assertThat(row.get("created_by_id").asText()).isEqualTo(acme.ids().userId().toString());
        assertThat(row.get("version").asInt()).isEqualTo(1);
        assertThat(row.get("status").asText()).isEqualTo("draft");
        assertThat(row.at("/voice_config/model").asText()).isEqualTo("aura-asteria-en");
        assertThat(row.at("/model_config/cache_ttl_seconds").asInt()).isEqualTo(3600);
        assertThat(row.at("/edge_optimization/preferred_regions/1").asText()).isEqualTo("eu-west-1");
        assertThat(row.get("temperature").decimalValue()).isEqualByComparingTo("0.3");

        ApiClient.Response fetched = api.get("/v1/agents/" + created.id());
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json()).isEqualTo(row);
    }

    @Test
    void generatesIdentifiersInTheDocumentsFormats() {
        JsonNode organization = api.get("/v1/organizations/" + acme.organizationId()).json();
        assertThat(IdentifierFormat.ACCOUNT.matches(organization.get("account_id").asText()))
                .as(organization.get("account_id").asText()).isTrue();

        ApiClient.Response user = api.post("/v1/users", ApiClient.object().put("email", "ops@acme.example")
                .put("full_name", "Ops").put("encrypted_password", "correct horse battery staple")
                .put("role_id", SERVICE.ownerQueryUnchecked("SELECT role_id FROM agent_manager.users WHERE id = ?",
                        acme.ids().userId())));
        assertThat(user.status()).as(user.text()).isEqualTo(201);
        assertThat(user.json().get("user_id").asText()).matches("USR-[0-9A-Z]{10}");
        assertThat(user.json().has("encrypted_password")).isFalse();

        ApiClient.Response billing = api.post("/v1/billing_accounts", ApiClient.object()
                .set("billing_contact", ApiClient.object().put("name", "Ada")));
        assertThat(billing.status()).as(billing.text()).isEqualTo(400);
        assertThat(billing.json().at("/error/field").asText()).isEqualTo("billing_address");
        billing = api.post("/v1/billing_accounts", billingAccount());
        assertThat(billing.status()).as(billing.text()).isEqualTo(201);
        assertThat(billing.json().get("account_number").asText()).matches("BILL-[0-9A-Z]{4}-[0-9A-Z]{4}");

        ApiClient.Response invoice = api.post("/v1/invoices", ApiClient.object()
                .put("billing_account_id", billing.id()).put("billing_period_start", "2026-11-01")
                .put("billing_period_end", "2026-11-30").put("subtotal", 100.5).put("total_amount", 120.6)
                .put("due_date", "2026-12-30"));
        assertThat(invoice.status()).as(invoice.text()).isEqualTo(201);
        assertThat(invoice.json().get("invoice_number").asText()).matches("INV-\\d{4}-\\d{2}-[0-9A-Z]{6}");
        assertThat(invoice.json().get("total_amount").decimalValue()).isEqualByComparingTo("120.60");

        ApiClient.Response partner = api.post("/v1/partners", ApiClient.object().put("company_name", "Resell Co")
                .put("partner_type", "reseller").put("contract_start", "2026-01-01")
                .set("primary_contact", ApiClient.object().put("email", "p@resell.example")));
        assertThat(partner.status()).as(partner.text()).isEqualTo(201);
        assertThat(partner.json().get("partner_code").asText()).matches("PTR-[0-9A-Z]{4}-[0-9A-Z]{4}");
    }

    static ObjectNode billingAccount() {
        ObjectNode account = ApiClient.object();
        account.set("billing_contact", ApiClient.object().put("name", "Ada").put("email", "ada@acme.example"));
        account.set("billing_address", ApiClient.object().put("city", "Lagos"));
        return account;
    }

    @Test
    void patchRequiresTheCurrentVersionAndRefusesAStaleOne() {
        String id = api.post("/v1/agents", agent("Versioned")).id();

        ApiClient.Response noVersion = api.patch("/v1/agents/" + id, ApiClient.object().put("name", "x"));
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.json().at("/error/field").asText()).isEqualTo("version");

        ApiClient.Response first = api.patch("/v1/agents/" + id,
                ApiClient.object().put("version", 1).put("status", "active"));
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.json().get("version").asInt()).isEqualTo(2);
        assertThat(first.json().get("status").asText()).isEqualTo("active");
        assertThat(first.json().get("updated_by_id").asText()).isEqualTo(acme.ids().userId().toString());

        ApiClient.Response stale = api.patch("/v1/agents/" + id,
                ApiClient.object().put("version", 1).put("status", "inactive"));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().at("/error/code").asText()).isEqualTo("stale_version");
        assertThat(api.get("/v1/agents/" + id).json().get("status").asText()).isEqualTo("active");
    }

    @Test
    void listPagesWithACursorSortsAndFilters() {
        List<String> names = List.of("page-e", "page-a", "page-d", "page-b", "page-c");
        for (String name : names) {
            assertThat(api.post("/v1/workflows", ApiClient.object().put("name", name).put("trigger_type", "manual")
                    .put("category", name.equals("page-c") ? "crm" : "custom")).status()).isEqualTo(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiClient.Response page = api.get("/v1/workflows?sort=-name&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().get("items").forEach(item -> seen.add(item.get("name").asText()));
            cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactly("page-e", "page-d", "page-c", "page-b", "page-a");
        assertThat(pages).isEqualTo(3);

        ApiClient.Response filtered = api.get("/v1/workflows?status=draft&tenant_id=" + acme.tenantId());
        assertThat(filtered.json().get("items")).hasSize(5);
        ApiClient.Response none = api.get("/v1/workflows?status=archived");
        assertThat(none.json().get("items")).isEmpty();
    }

    @Test
    void malformedInputIsRefusedNamingTheField() {
        ApiClient.Response unknown = api.post("/v1/agents", agent("x").put("colour", "red"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/error/field").asText()).isEqualTo("colour");

        ApiClient.Response wrongType = api.post("/v1/agents", agent("x").put("max_turn_time_ms", "fast"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().at("/error/field").asText()).isEqualTo("max_turn_time_ms");

        ApiClient.Response tooLong = api.post("/v1/agents", agent("x".repeat(256)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().at("/error/field").asText()).isEqualTo("name");

        ApiClient.Response serverSet = api.post("/v1/agents", agent("x").put("id", "3b0f3c1c-7a64-4d7e-9d5e-2b3f4c5d6e7f"));
        assertThat(serverSet.status()).isEqualTo(400);
        assertThat(serverSet.json().at("/error/field").asText()).isEqualTo("id");

        ApiClient.Response badInet = api.post("/v1/consent_records", ApiClient.object().put("phone_number", "+15550100")
                .put("consent_type", "service").put("consent_status", "opted_in")
                .put("opted_in_at", "2026-11-30T10:00:00Z").put("verification_method", "sms")
                .put("ip_address", "not-an-address"));
        assertThat(badInet.status()).as(badInet.text()).isEqualTo(400);
        assertThat(badInet.json().at("/error/field").asText()).isEqualTo("ip_address");

        ApiClient.Response notJson = api.post("/v1/agents", "{\"name\": ");
        assertThat(notJson.status()).isEqualTo(400);
        ApiClient.Response duplicateKeys = api.post("/v1/agents", "{\"name\": \"a\", \"name\": \"b\", \"system_prompt\": \"p\"}");
        assertThat(duplicateKeys.status()).isEqualTo(400);
    }

    @Test
    void constraintViolationsAreExplainedWithoutSql() {
        ApiClient.Response check = api.post("/v1/agents", agent("x").put("status", "retired"));
        assertThat(check.status()).isEqualTo(422);
        assertThat(check.json().at("/error/message").asText())
                .isEqualTo("status must be one of: draft, active, inactive, archived");

        ObjectNode number = ApiClient.object().put("number", "+15550001").put("formatted_number", "+1 555 0001")
                .put("country_code", "1").put("local_number", "5550001").put("acquisition_method", "managed")
                .put("provider", "aybiza").put("region", "us-east-1");
        assertThat(api.post("/v1/phone_numbers", number).status()).isEqualTo(201);
        ApiClient.Response duplicate = api.post("/v1/phone_numbers", number);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().at("/error/message").asText()).isEqualTo("another row already has this number");

        ApiClient.Response missingParent = api.post("/v1/agent_versions", ApiClient.object()
                .put("agent_id", "3b0f3c1c-7a64-4d7e-9d5e-2b3f4c5d6e7f").put("version", 1).put("system_prompt", "p")
                .set("voice_config", ApiClient.object()));
        assertThat(missingParent.status()).as(missingParent.text()).isIn(400, 422);

        ApiClient.Response range = api.post("/v1/agent_versions", ApiClient.object());
        for (ApiClient.Response r : List.of(check, duplicate, missingParent, range)) {
            assertThat(r.text()).doesNotContainIgnoringCase("exception").doesNotContain("INSERT")
                    .doesNotContain("SELECT").doesNotContain("violates");
        }
    }

    @Test
    void bodiesOverTheLimitAreRefused() {
        ApiClient.Response large = api.post("/v1/agents", agent("big").put("description", "x".repeat(300_000)));
        assertThat(large.status()).isEqualTo(413);
    }

    @Test
    void everyChangeIsAuditedInItsOwnTransaction() throws Exception {
        String id = api.post("/v1/agents", agent("Audited")).id();
        api.patch("/v1/agents/" + id, ApiClient.object().put("version", 1).put("description", "changed"));
        assertThat(api.delete("/v1/agents/" + id).status()).isEqualTo(204);
        assertThat(api.get("/v1/agents/" + id).status()).isEqualTo(404);

        assertThat(SERVICE.ownerQuery("SELECT action || ' ' || resource_type || ' ' || resource_name || ' ' "
                + "|| (api_key_id = ?) || ' ' || host(ip_address) FROM security.audit_logs WHERE resource_id = ? "
                + "ORDER BY \"timestamp\"", acme.ids().apiKeyId(), java.util.UUID.fromString(id)))
                .containsExactly("create agent_manager.agents Audited true 127.0.0.1",
                        "update agent_manager.agents Audited true 127.0.0.1",
                        "delete agent_manager.agents Audited true 127.0.0.1");
        assertThat(SERVICE.ownerQuery("SELECT method || ' ' || status_code FROM security.api_access_logs "
                + "WHERE endpoint LIKE ? ORDER BY \"timestamp\"", "%" + id))
                .containsExactly("PATCH 200", "DELETE 204");

        // A refused change leaves no audit entry (it rolled back), but its attempt is in the access log.
        ApiClient.Response refused = api.post("/v1/agents", agent("Refused").put("status", "retired"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(SERVICE.ownerQuery("SELECT count(*) FROM security.audit_logs WHERE resource_name = 'Refused'"))
                .containsExactly("0");
        assertThat(SERVICE.ownerQuery("SELECT status_code || ' ' || (error_details->>'code') FROM "
                + "security.api_access_logs WHERE request_id = ?", java.util.UUID.fromString(refused.header("X-Request-Id"))))
                .containsExactly("422 constraint_violated");
    }

    @Test
    void healthAndOpenApiAnswerWithoutAKey() {
        ApiClient anonymous = SERVICE.anonymous();
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
        ApiClient.Response openApi = anonymous.get("/openapi.json");
        assertThat(openApi.status()).isEqualTo(200);
        JsonNode doc = openApi.json();
        assertThat(doc.at("/paths/~1v1~1agents/post").isObject()).isTrue();
        assertThat(doc.at("/paths/~1v1~1agents~1{id}/patch").isObject()).isTrue();
        assertThat(doc.at("/paths/~1v1~1partners/get").isObject()).isTrue();
        assertThat(doc.at("/components/schemas/agents/properties/status/enum").toString())
                .isEqualTo("[\"draft\",\"active\",\"inactive\",\"archived\"]");
        assertThat(doc.at("/components/schemas/agents/required").toString()).contains("name", "system_prompt");
        assertThat(doc.at("/components/schemas/users/properties/encrypted_password/writeOnly").asBoolean()).isTrue();
        assertThat(anonymous.get("/v1/agents").status()).isEqualTo(401);
    }

    @Test
    void tablesTheJobsWriteAreNotCollections() {
        for (String table : List.of("calls", "call_analytics", "usage_metering", "audit_logs", "api_access_logs",
                "data_keys", "pg_authid")) {
            ApiClient.Response r = api.get("/v1/" + table);
            assertThat(r.status()).as(table).isEqualTo(404);
            assertThat(r.json().at("/error/message").asText()).isEqualTo("no such collection");
        }
        ApiClient.Response numericFilter = api.get("/v1/billing_accounts?credit_limit=abc");
        assertThat(numericFilter.status()).isEqualTo(400);
        assertThat(numericFilter.json().at("/error/field").asText()).isEqualTo("credit_limit");
        assertThat(api.get("/v1/billing_accounts?credit_limit=10000").status()).isEqualTo(200);
    }
}
