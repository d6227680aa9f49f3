package com.aybiza.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fields the document marks as encrypted are ciphertext in the database, and plaintext only where allowed. */
class EncryptedFieldsIT {

    @RegisterExtension
    static final ServiceHarness SERVICE = new ServiceHarness();

    static ServiceHarness.Tenant tenant;
    static ApiClient withoutSecrets;

    @BeforeAll
    static void bootstrap() throws Exception {
        tenant = SERVICE.newTenant("vault");
        ObjectNode key = ApiClient.object().put("name", "no secrets");
        key.putObject("permissions").putArray("*").add("read").add("write");
        withoutSecrets = tenant.client().withKey(tenant.client().post("/v1/api_keys", key).json().get("key").asText());
    }

    @Test
    void jsonAndTextSecretsAreCiphertextAtRestAndPlaintextOnlyForAGetWithReadSecrets() throws Exception {
        ApiClient api = tenant.client();
        ApiClient.Response trunk = api.post("/v1/sip_trunks", ApiClient.object().put("name", "main trunk")
                .put("provider_name", "carrier").put("termination_uri", "sip:carrier.example")
                .set("credentials", ApiClient.object().put("username", "acme").put("password", "hunter2-sip")));
        assertThat(trunk.status()).as(trunk.text()).isEqualTo(201);
        assertThat(trunk.json().has("credentials")).isFalse();

        String stored = SERVICE.ownerQueryUnchecked("SELECT credentials #>> '{}' FROM phone_manager.sip_trunks "
                + "WHERE id = ?", UUID.fromString(trunk.id()));
        assertThat(stored).startsWith("enc:v1:").doesNotContain("hunter2").doesNotContain("acme");

        assertThat(api.get("/v1/sip_trunks/" + trunk.id()).json().at("/credentials/password").asText())
                .isEqualTo("hunter2-sip");
        assertThat(withoutSecrets.get("/v1/sip_trunks/" + trunk.id()).json().has("credentials")).isFalse();
        assertThat(api.get("/v1/sip_trunks").json().get("items").get(0).has("credentials")).isFalse();

        ApiClient.Response billing = api.post("/v1/billing_accounts",
                CrudRoundTripIT.billingAccount().put("tax_exempt", true).put("tax_exempt_certificate", "CERT-123-XYZ"));
        assertThat(billing.status()).as(billing.text()).isEqualTo(201);
        assertThat(SERVICE.ownerQueryUnchecked("SELECT tax_exempt_certificate FROM billing.billing_accounts WHERE id = ?",
                UUID.fromString(billing.id()))).startsWith("enc:v1:").doesNotContain("CERT-123");
        assertThat(api.get("/v1/billing_accounts/" + billing.id()).json().get("tax_exempt_certificate").asText())
                .isEqualTo("CERT-123-XYZ");

        ApiClient.Response patched = api.patch("/v1/sip_trunks/" + trunk.id(), ApiClient.object()
                .set("credentials", ApiClient.object().put("password", "rotated-secret")));
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(api.get("/v1/sip_trunks/" + trunk.id()).json().at("/credentials/password").asText())
                .isEqualTo("rotated-secret");
    }

    @Test
    void customerCredentialsAreSealedUnderTheTenantsWrappedDataKey() throws Exception {
        ApiClient.Response credential = tenant.client().post("/v1/customer_credentials", ApiClient.object()
                .put("credential_type", "api_key").put("credential_name", "CRM").put("encrypted_data", "crm-token-42"));
        assertThat(credential.status()).as(credential.text()).isEqualTo(201);
        assertThat(credential.json().get("kms_key_alias").asText()).startsWith("file:");

        UUID id = UUID.fromString(credential.id());
        assertThat(SERVICE.ownerQueryUnchecked("SELECT encrypted_data FROM security.customer_credentials WHERE id = ?", id))
                .startsWith("enc:v1:").doesNotContain("crm-token");
        assertThat(SERVICE.ownerQueryUnchecked("SELECT data_key_encrypted = (SELECT wrapped_key FROM keyring.data_keys "
                + "WHERE owner_id = c.tenant_id) FROM security.customer_credentials c WHERE id = ?", id)).isEqualTo("t");
        assertThat(tenant.client().get("/v1/customer_credentials/" + id).json().get("encrypted_data").asText())
                .isEqualTo("crm-token-42");
    }

    @Test
    void aCiphertextMovedToAnotherRowDoesNotDecrypt() throws Exception {
        ApiClient api = tenant.client();
        String first = api.post("/v1/porting_requests", porting("pin-one")).id();
        String second = api.post("/v1/porting_requests", porting("pin-two")).id();
        SERVICE.ownerQuery("UPDATE phone_manager.porting_requests SET pin_password = (SELECT pin_password FROM "
                + "phone_manager.porting_requests WHERE id = ?) WHERE id = ?", UUID.fromString(first),
                UUID.fromString(second));
        assertThat(api.get("/v1/porting_requests/" + first).json().get("pin_password").asText()).isEqualTo("pin-one");
        ApiClient.Response moved = api.get("/v1/porting_requests/" + second);
        assertThat(moved.status()).isEqualTo(500);
        assertThat(moved.text()).doesNotContain("pin-one").doesNotContainIgnoringCase("exception");
    }

    private static ObjectNode porting(String pin) {
        ObjectNode request = ApiClient.object().put("phone_number", "+15550123").put("current_provider", "old telco")
                .put("account_number", "ACC-1").put("pin_password", pin);
        request.putObject("authorized_contact").put("name", "Ada");
        request.putObject("service_address").put("city", "Lagos");
        return request;
    }
}
