package com.aybiza.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant A's key against tenant B's rows, for tenant-owned, organization-owned and child tables alike: reads,
 * updates, deletes, list filters and sort parameters all come back 404 or empty, exactly as for rows that do not
 * exist; and SQL in filter or sort parameters is refused, never run.
 */
class TenantIsolationIT {

    @RegisterExtension
    static final ServiceHarness SERVICE = new ServiceHarness();

    static ServiceHarness.Tenant a;
    static ServiceHarness.Tenant b;
    /** collection -> id of a row tenant B created in it */
    static final Map<String, String> B_ROWS = new LinkedHashMap<>();

    @BeforeAll
    static void twoTenantsWithRows() throws Exception {
        a = SERVICE.newTenant("tenant-a");
        b = SERVICE.newTenant("tenant-b");
        ApiClient api = b.client();
        String agent = created(api.post("/v1/agents", ApiClient.object().put("name", "B's agent")
                .put("system_prompt", "secret prompt of B")));
        B_ROWS.put("agents", agent);
        B_ROWS.put("agent_versions", created(api.post("/v1/agent_versions", ApiClient.object().put("agent_id", agent)
                .put("version", 1).put("system_prompt", "p").<ObjectNode>set("voice_config", ApiClient.object())
                .<ObjectNode>set("language_config", ApiClient.object()).set("model_config", ApiClient.object()))));
        B_ROWS.put("phone_numbers", created(api.post("/v1/phone_numbers", ApiClient.object().put("number", "+15550999")
                .put("formatted_number", "+1 555 0999").put("country_code", "1").put("local_number", "5550999")
                .put("acquisition_method", "managed").put("provider", "aybiza").put("region", "us-east-1")
                .put("agent_id", agent))));
        B_ROWS.put("billing_accounts", created(api.post("/v1/billing_accounts", CrudRoundTripIT.billingAccount())));
        B_ROWS.put("sip_trunks", created(api.post("/v1/sip_trunks", ApiClient.object().put("name", "B trunk")
                .put("provider_name", "carrier").put("termination_uri", "sip:b.example")
                .set("credentials", ApiClient.object().put("password", "b-trunk-secret")))));
        B_ROWS.put("tenants", b.tenantId().toString());
        B_ROWS.put("organizations", b.organizationId().toString());
        B_ROWS.put("users", b.ids().userId().toString());
        B_ROWS.put("api_keys", b.ids().apiKeyId().toString());
        B_ROWS.put("roles", SERVICE.ownerQueryUnchecked("SELECT role_id FROM agent_manager.users WHERE id = ?",
                b.ids().userId()));
        // A has a row of each too, so that an empty list means filtered, not an empty table.
        created(a.client().post("/v1/agents", ApiClient.object().put("name", "A's agent").put("system_prompt", "p")));
    }

    private static String created(ApiClient.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.id();
    }

    @Test
    void anotherTenantsRowsAreNotFoundForGetUpdateAndDelete() throws Exception {
        ApiClient api = a.client();
        String missing = UUID.randomUUID().toString();
        for (Map.Entry<String, String> row : B_ROWS.entrySet()) {
            String path = "/v1/" + row.getKey() + "/";
            ApiClient.Response get = api.get(path + row.getValue());
            ApiClient.Response patch = api.patch(path + row.getValue(), ApiClient.object().put("version", 1)
                    .put("description", "taken by A"));
            ApiClient.Response delete = api.delete(path + row.getValue());
            for (ApiClient.Response r : new ApiClient.Response[] {get, patch, delete}) {
                assertThat(r.status()).as(row.getKey() + ": " + r.text()).isEqualTo(404);
                // Word for word what a row that does not exist gets.
                assertThat(r.text()).isEqualTo(api.get(path + missing).text());
            }
        }
        // B's rows are all still there, unchanged.
        for (Map.Entry<String, String> row : B_ROWS.entrySet()) {
            ApiClient.Response r = b.client().get("/v1/" + row.getKey() + "/" + row.getValue());
            assertThat(r.status()).as(row.getKey()).isEqualTo(200);
            assertThat(r.json().path("description").asText("")).isNotEqualTo("taken by A");
        }
    }

    @Test
    void listsFilteredOrSortedNeverShowAnotherTenantsRows() {
        ApiClient api = a.client();
        for (Map.Entry<String, String> row : B_ROWS.entrySet()) {
            for (String query : new String[] {"", "?id=" + row.getValue(), "?sort=-id", "?sort=id&limit=200"}) {
                ApiClient.Response list = api.get("/v1/" + row.getKey() + query);
                assertThat(list.status()).as(row.getKey() + query + " " + list.text()).isEqualTo(200);
                for (JsonNode item : list.json().get("items")) {
                    assertThat(item.get("id").asText()).as(row.getKey() + query).isNotEqualTo(row.getValue());
                    assertOwnedByA(row.getKey(), item);
                }
            }
        }
        assertThat(api.get("/v1/agents?tenant_id=" + b.tenantId()).json().get("items")).isEmpty();
        assertThat(api.get("/v1/agents?tenant_id=" + b.tenantId() + "&status=draft").json().get("items")).isEmpty();
        assertThat(api.get("/v1/billing_accounts?organization_id=" + b.organizationId()).json().get("items")).isEmpty();
        assertThat(api.get("/v1/phone_numbers?tenant_id=" + b.tenantId()).json().get("items")).isEmpty();
        assertThat(api.get("/v1/agents?sort=-name").json().get("items")).extracting(n -> n.get("name").asText())
                .containsExactly("A's agent");
    }

    private static void assertOwnedByA(String collection, JsonNode item) {
        Function<String, String> field = name -> item.path(name).asText(null);
        if (field.apply("tenant_id") != null) {
            assertThat(field.apply("tenant_id")).as(collection).isEqualTo(a.tenantId().toString());
        } else if (field.apply("organization_id") != null) {
            assertThat(field.apply("organization_id")).as(collection).isEqualTo(a.organizationId().toString());
        }
    }

    @Test
    void rowsCannotBeCreatedForOrPointedAtAnotherTenant() {
        ApiClient api = a.client();
        ApiClient.Response intoB = api.post("/v1/agents", ApiClient.object().put("name", "intruder")
                .put("system_prompt", "p").put("tenant_id", b.tenantId().toString())
                .put("organization_id", b.organizationId().toString()));
        assertThat(intoB.status()).as(intoB.text()).isEqualTo(422);

        // Linking to B's agent and to an agent that does not exist get the same answer: nothing to probe with.
        ObjectNode number = ApiClient.object().put("number", "+15550111").put("formatted_number", "+1 555 0111")
                .put("country_code", "1").put("local_number", "5550111").put("acquisition_method", "managed")
                .put("provider", "aybiza").put("region", "us-east-1");
        ApiClient.Response toB = api.post("/v1/phone_numbers", number.deepCopy().put("agent_id", B_ROWS.get("agents")));
        ApiClient.Response toNothing = api.post("/v1/phone_numbers",
                number.deepCopy().put("agent_id", UUID.randomUUID().toString()));
        assertThat(toB.status()).isEqualTo(422);
        assertThat(toB.json().get("error")).isEqualTo(toNothing.json().get("error"));

        ApiClient.Response childOfB = api.post("/v1/agent_versions", ApiClient.object().put("agent_id", B_ROWS.get("agents"))
                .put("version", 2).put("system_prompt", "p").<ObjectNode>set("voice_config", ApiClient.object())
                .<ObjectNode>set("language_config", ApiClient.object()).set("model_config", ApiClient.object()));
        assertThat(childOfB.status()).isEqualTo(422);
    }

    @Test
    void anOrganizationsKeySeesEveryTenantOfItsOrganizationAndNoOther() throws Exception {
        // A second tenant in A's organization, with an agent, and a key of the whole organization (tenant_id null):
        // written as the owner, since a tenant's key cannot issue one (its policy needs tenant_id to be its own).
        UUID secondTenant = UUID.randomUUID();
        String orgKey = new com.aybiza.service.auth.ApiKeyTokens(new java.security.SecureRandom()).newKey();
        SERVICE.ownerQuery("INSERT INTO agent_manager.tenants (id, organization_id, name, slug, subdomain) "
                + "VALUES (?, ?, 'A two', 'tenant-a-two', 'a-two')", secondTenant, a.organizationId());
        SERVICE.ownerQuery("INSERT INTO agent_manager.agents (name, organization_id, tenant_id, created_by_id, "
                + "system_prompt) VALUES ('A two agent', ?, ?, ?, 'p')", a.organizationId(), secondTenant, a.ids().userId());
        SERVICE.ownerQuery("INSERT INTO security.api_keys (key_hash, name, organization_id, created_by_id, permissions) "
                + "VALUES (?, 'org key', ?, ?, '{\"*\": [\"read\", \"write\"]}')",
                com.aybiza.service.auth.ApiKeyTokens.hash(orgKey), a.organizationId(), a.ids().userId());
        ApiClient organization = a.client().withKey(orgKey);

        assertThat(organization.get("/v1/agents?sort=name").json().get("items"))
                .extracting(n -> n.get("name").asText()).containsExactlyInAnyOrder("A two agent", "A's agent");
        assertThat(organization.get("/v1/tenants").json().get("items")).extracting(n -> n.get("id").asText())
                .containsExactlyInAnyOrder(a.tenantId().toString(), secondTenant.toString());
        assertThat(organization.get("/v1/agents/" + B_ROWS.get("agents")).status()).isEqualTo(404);
        assertThat(organization.post("/v1/agents", ApiClient.object().put("name", "made by org").put("system_prompt", "p")
                .put("tenant_id", secondTenant.toString())).status()).isEqualTo(201);
        assertThat(organization.post("/v1/agents", ApiClient.object().put("name", "into B").put("system_prompt", "p")
                .put("tenant_id", b.tenantId().toString())).status()).isEqualTo(422);
        // The tenant's own key still sees its tenant only.
        assertThat(a.client().get("/v1/agents").json().get("items")).extracting(n -> n.get("name").asText())
                .containsExactly("A's agent");
    }

    @Test
    void anOrganizationWideKeyMakesTenantsAndIssuesKeysThroughTheApiAndATenantsKeyCannotWidenItself() throws Exception {
        ServiceHarness.Tenant organization = SERVICE.newOrganizationWide("org-wide");
        ApiClient admin = organization.client();
        assertThat(SERVICE.ownerQuery("SELECT tenant_id IS NULL FROM security.api_keys WHERE id = ?",
                organization.ids().apiKeyId())).containsExactly("t");

        ApiClient.Response branch = admin.post("/v1/tenants", ApiClient.object().put("name", "Branch")
                .put("slug", "org-wide-branch").put("subdomain", "org-wide-branch"));
        assertThat(branch.status()).as(branch.text()).isEqualTo(201);
        ObjectNode readWrite = ApiClient.object();
        readWrite.putArray("*").add("read").add("write");
        ApiClient.Response branchKey = admin.post("/v1/api_keys", ApiClient.object().put("name", "branch")
                .put("tenant_id", branch.id()).set("permissions", readWrite));
        assertThat(branchKey.status()).as(branchKey.text()).isEqualTo(201);
        assertThat(branchKey.json().get("tenant_id").asText()).isEqualTo(branch.id());
        ApiClient branchClient = admin.withKey(branchKey.json().get("key").asText());
        ApiClient.Response agent = branchClient.post("/v1/agents", ApiClient.object().put("name", "Branch desk")
                .put("system_prompt", "p"));
        assertThat(agent.json().get("tenant_id").asText()).as(agent.text()).isEqualTo(branch.id());
        admin.post("/v1/agents", ApiClient.object().put("name", "Head office desk").put("system_prompt", "p")
                .put("tenant_id", organization.tenantId().toString()));

        // Another key of the whole organization, issued by one: tenant_id left out.
        ObjectNode readOnly = ApiClient.object();
        readOnly.putArray("*").add("read");
        ApiClient.Response deputy = admin.post("/v1/api_keys", ApiClient.object().put("name", "deputy")
                .set("permissions", readOnly));
        assertThat(deputy.status()).as(deputy.text()).isEqualTo(201);
        assertThat(deputy.json().get("tenant_id").isNull()).isTrue();
        ApiClient deputyClient = admin.withKey(deputy.json().get("key").asText());
        assertThat(deputyClient.get("/v1/agents").json().get("items")).extracting(n -> n.get("name").asText())
                .containsExactlyInAnyOrder("Branch desk", "Head office desk");
        assertThat(branchClient.get("/v1/agents").json().get("items")).extracting(n -> n.get("name").asText())
                .containsExactly("Branch desk");

        // A tenant's key cannot issue a key of the whole organization, nor one of another tenant; the
        // organization's key cannot issue one for another organization's tenant; and a tenant's key does not
        // see the organization's keys.
        ApiClient.Response widen = branchClient.post("/v1/api_keys", ApiClient.object().put("name", "widen")
                .putNull("tenant_id"));
        assertThat(widen.status()).as(widen.text()).isEqualTo(403);
        assertThat(widen.json().at("/error/message").asText()).contains("cannot issue a key of the whole organization");
        ApiClient.Response sideways = branchClient.post("/v1/api_keys", ApiClient.object().put("name", "sideways")
                .put("tenant_id", organization.tenantId().toString()));
        assertThat(sideways.status()).as(sideways.text()).isEqualTo(422);
        ApiClient.Response intoB = admin.post("/v1/api_keys", ApiClient.object().put("name", "into B")
                .put("tenant_id", b.tenantId().toString()));
        assertThat(intoB.status()).as(intoB.text()).isEqualTo(422);
        assertThat(branchClient.get("/v1/api_keys/" + deputy.id()).status()).isEqualTo(404);
        assertThat(SERVICE.ownerQuery("SELECT count(*) FROM security.api_keys WHERE organization_id = ?",
                organization.organizationId())).containsExactly("3");
    }

    @Test
    void sqlInFilterAndSortParametersIsRefusedNotRun() throws Exception {
        ApiClient api = a.client();
        for (String query : new String[] {
                "?sort=name%3B%20DROP%20TABLE%20agent_manager.agents", "?sort=name)%20--", "?sort=-name%2C%20tenant_id",
                "?sort=system_prompt%20desc", "?name%3B%20DROP%20TABLE%20x=1", "?1%3D1--=x", "?tenant_id%20OR%201=1",
                "?voice_config=%7B%7D", "?limit=1%3B%20SELECT%201", "?cursor=%27%20OR%20%271%27%3D%271"}) {
            ApiClient.Response r = api.get("/v1/agents" + query);
            assertThat(r.status()).as(query + " " + r.text()).isEqualTo(400);
            assertThat(r.text()).as(query).doesNotContain("DROP").doesNotContain("SELECT");
        }
        // A quote in a filter value is just a value: it matches nothing.
        ApiClient.Response quoted = api.get("/v1/agents?status=draft%27%20OR%20%271%27%3D%271");
        assertThat(quoted.status()).isEqualTo(200);
        assertThat(quoted.json().get("items")).isEmpty();
        ApiClient.Response badUuid = api.get("/v1/agents?tenant_id=%27%20OR%201%3D1%20--");
        assertThat(badUuid.status()).isEqualTo(400);
        assertThat(SERVICE.ownerQuery("SELECT count(*) FROM agent_manager.agents WHERE tenant_id IN (?, ?)",
                a.tenantId(), b.tenantId())).containsExactly("2");
    }
}
