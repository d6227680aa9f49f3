package com.aybiza.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aybiza.service.bootstrap.Bootstrapper;
import com.aybiza.service.crypto.DataKeyRewrap;
import com.aybiza.service.crypto.FieldCipher;
import com.aybiza.service.crypto.MasterKey;
import com.aybiza.service.crypto.MasterKeySettings;
import com.aybiza.service.crypto.MasterKeyUnavailableException;
import com.aybiza.sql.DatabaseSettings;
import java.net.ServerSocket;
import java.sql.Connection;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The master key in AWS KMS ({@code serve --kms-key-id}): the service wraps each data key with KMS Encrypt and
 * unwraps it with KMS Decrypt through the AWS SDK v2, here against a KMS-compatible server on loopback.
 */
class KmsMasterKeyIT {

    static final FakeKmsServer KMS = FakeKmsServer.start();
    static final String KEY_ID = KMS.createKey();
    /** The master key's name in keyring.data_keys: KMS's ARN of the key, however the service was told it. */
    static final String MASTER_KEY_ID = "kms:" + KMS.arn(KEY_ID);

    @RegisterExtension
    static final ServiceHarness SERVICE = new ServiceHarness(
            () -> new MasterKeySettings.Kms(KEY_ID, KMS.endpoint(), FakeKmsServer.REGION));

    @AfterAll
    static void stopKms() {
        KMS.close();
    }

    @Test
    void secretsAreSealedUnderADataKeyThatOnlyKmsUnwraps() throws Exception {
        ServiceHarness.Tenant tenant = SERVICE.newTenant("kms-vault");
        ApiClient.Response trunk = tenant.client().post("/v1/sip_trunks", ApiClient.object().put("name", "kms trunk")
                .put("provider_name", "carrier").put("termination_uri", "sip:carrier.example")
                .set("credentials", ApiClient.object().put("password", "hunter2-kms")));
        assertThat(trunk.status()).as(trunk.text()).isEqualTo(201);
        assertThat(tenant.client().get("/v1/sip_trunks/" + trunk.id()).json().at("/credentials/password").asText())
                .isEqualTo("hunter2-kms");

        // What is stored: the KMS key's name beside a wrapped key that KMS Decrypt (under the service's encryption
        // context) turns into the data key the field is sealed with.
        assertThat(SERVICE.ownerQueryUnchecked("SELECT master_key_id FROM keyring.data_keys WHERE owner_id = ?",
                tenant.tenantId())).isEqualTo(MASTER_KEY_ID);
        byte[] wrapped = Base64.getDecoder().decode(SERVICE.ownerQueryUnchecked(
                "SELECT wrapped_key FROM keyring.data_keys WHERE owner_id = ?", tenant.tenantId()));
        byte[] dataKey;
        try (KmsClient kms = KMS.client()) {
            dataKey = kms.decrypt(b -> b.keyId(KEY_ID).ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                    .encryptionContext(Map.of("purpose", "aybiza data key"))).plaintext().asByteArray();
        }
        assertThat(dataKey).hasSize(32).isNotEqualTo(wrapped);
        String stored = SERVICE.ownerQueryUnchecked("SELECT credentials #>> '{}' FROM phone_manager.sip_trunks "
                + "WHERE id = ?", UUID.fromString(trunk.id()));
        assertThat(new FieldCipher(new SecureRandom()).decrypt(new SecretKeySpec(dataKey, "AES"), stored,
                "phone_manager.sip_trunks.credentials/" + trunk.id())).contains("hunter2-kms");

        ApiClient.Response credential = tenant.client().post("/v1/customer_credentials", ApiClient.object()
                .put("credential_type", "api_key").put("credential_name", "CRM").put("encrypted_data", "crm-token"));
        assertThat(credential.json().get("kms_key_alias").asText()).isEqualTo(MASTER_KEY_ID);
    }

    @Test
    void duringAKmsOutageARequestThatNeedsANewDataKeyGets503AndStoresNothing() throws Exception {
        ServiceHarness.Tenant known = SERVICE.newTenant("kms-known");
        ServiceHarness.Tenant fresh = SERVICE.newTenant("kms-fresh");
        String knownTrunk = known.client().post("/v1/sip_trunks", trunk("known")).id();
        // A second instance, as after a restart: it has unwrapped no data key yet.
        ApiClient restarted = SERVICE.anotherInstance(Clock.systemUTC());

        KMS.failEveryCall();
        try {
            ApiClient.Response read = restarted.withKey(known.client().apiKey()).get("/v1/sip_trunks/" + knownTrunk);
            assertThat(read.status()).as(read.text()).isEqualTo(503);
            assertThat(read.header("Retry-After")).isEqualTo("5");
            assertThat(read.json().at("/error/code").asText()).isEqualTo("key_service_unavailable");
            assertThat(read.text()).doesNotContain("Exception").doesNotContain("kms:").doesNotContain(KEY_ID);

            ApiClient.Response create = fresh.client().post("/v1/sip_trunks", trunk("during outage"));
            assertThat(create.status()).as(create.text()).isEqualTo(503);
            assertThat(SERVICE.ownerQuery("SELECT count(*) FROM phone_manager.sip_trunks WHERE tenant_id = ?",
                    fresh.tenantId())).containsExactly("0");
            assertThat(SERVICE.ownerQuery("SELECT count(*) FROM keyring.data_keys WHERE owner_id = ?",
                    fresh.tenantId())).containsExactly("0");
            // The instance that had unwrapped the key before the outage still serves it.
            assertThat(known.client().get("/v1/sip_trunks/" + knownTrunk).status()).isEqualTo(200);
        } finally {
            KMS.recover();
        }
        assertThat(restarted.withKey(known.client().apiKey()).get("/v1/sip_trunks/" + knownTrunk)
                .json().at("/credentials/password").asText()).isEqualTo("pw-known");
        assertThat(fresh.client().post("/v1/sip_trunks", trunk("after outage")).status()).isEqualTo(201);
    }

    @Test
    void theServiceRefusesToStartWithAMasterKeyThatDidNotWrapTheStoredDataKeys() throws Exception {
        SERVICE.newTenant("kms-owner").client().post("/v1/sip_trunks", trunk("owned"));
        MasterKeySettings fileKey = new MasterKeySettings.LocalFile(
                Files.createTempDirectory("aybiza-other-key").resolve("master.key"));
        MasterKeySettings otherKmsKey = new MasterKeySettings.Kms(KMS.createKey(), KMS.endpoint(), FakeKmsServer.REGION);
        for (MasterKeySettings other : new MasterKeySettings[] {fileKey, otherKmsKey}) {
            assertThatThrownBy(() -> CrudService.start(ServiceConfig.of(SERVICE.database(), "127.0.0.1", 0, other)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("by " + MASTER_KEY_ID)
                    .hasMessageContaining("start the service with the master key that wrapped them");
        }
        // The same KMS key named by its ARN instead of its id is the same master key.
        MasterKeySettings byArn = new MasterKeySettings.Kms(KMS.arn(KEY_ID), KMS.endpoint(), FakeKmsServer.REGION);
        try (CrudService sameKey = CrudService.start(ServiceConfig.of(SERVICE.database(), "127.0.0.1", 0, byArn))) {
            assertThat(sameKey.port()).isPositive();
        }
    }

    @Test
    void anUnreachableKmsFailsTheStartNamingTheKey() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        MasterKeySettings unreachable = new MasterKeySettings.Kms(KEY_ID, URI.create("http://127.0.0.1:" + closedPort),
                FakeKmsServer.REGION);
        assertThatThrownBy(() -> CrudService.start(ServiceConfig.of(SERVICE.newDatabase(), "127.0.0.1", 0, unreachable)))
                .isInstanceOf(MasterKeyUnavailableException.class)
                .hasMessageContaining("AWS KMS did not wrap a data key with " + KEY_ID);
    }

    @Test
    void rewrappingMovesAKeyringFromTheKeyFileToKmsWithoutTouchingTheFields() throws Exception {
        DatabaseSettings database = SERVICE.newDatabase();
        MasterKeySettings file = new MasterKeySettings.LocalFile(
                Files.createTempDirectory("aybiza-file-key").resolve("master.key"));
        MasterKeySettings kms = new MasterKeySettings.Kms(KEY_ID, KMS.endpoint(), FakeKmsServer.REGION);
        Bootstrapper.Result owner;
        String trunk, credential;
        try (CrudService before = CrudService.start(ServiceConfig.of(database, "127.0.0.1", 0, file))) {
            owner = new Bootstrapper(database, new SecureRandom(), Clock.systemUTC())
                    .bootstrap("Moving", "moving", "admin@moving.example", false, false);
            ApiClient api = new ApiClient(before.port(), owner.apiKey());
            trunk = api.post("/v1/sip_trunks", trunk("moved")).id();
            credential = api.post("/v1/customer_credentials", ApiClient.object().put("credential_type", "api_key")
                    .put("credential_name", "CRM").put("encrypted_data", "crm-moved")).id();
        }
        String sealedBefore = fieldOf(database, trunk);
        assertThatThrownBy(() -> CrudService.start(ServiceConfig.of(database, "127.0.0.1", 0, kms)))
                .hasMessageContaining("by file:");

        try (Connection c = database.open(); MasterKey old = file.open(new SecureRandom());
             MasterKey target = kms.open(new SecureRandom())) {
            assertThat(DataKeyRewrap.rewrap(c, old, target)).isEqualTo(new DataKeyRewrap.Result(1, 0, 0));
            // A second run finds nothing left to move.
            assertThat(DataKeyRewrap.rewrap(c, old, target)).isEqualTo(new DataKeyRewrap.Result(0, 1, 0));
        }
        assertThat(fieldOf(database, trunk)).isEqualTo(sealedBefore);

        try (CrudService after = CrudService.start(ServiceConfig.of(database, "127.0.0.1", 0, kms))) {
            ApiClient api = new ApiClient(after.port(), owner.apiKey());
            assertThat(api.get("/v1/sip_trunks/" + trunk).json().at("/credentials/password").asText())
                    .isEqualTo("pw-moved");
            ApiClient.Response vault = api.get("/v1/customer_credentials/" + credential);
            assertThat(vault.json().get("encrypted_data").asText()).isEqualTo("crm-moved");
            assertThat(vault.json().get("kms_key_alias").asText()).isEqualTo(MASTER_KEY_ID);
        }
    }

    private static String fieldOf(DatabaseSettings database, String trunk) throws Exception {
        try (Connection c = database.open(); var st = c.prepareStatement(
                "SELECT credentials #>> '{}' FROM phone_manager.sip_trunks WHERE id = ?")) {
            st.setObject(1, UUID.fromString(trunk));
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode trunk(String name) {
        return ApiClient.object().put("name", name).put("provider_name", "carrier")
                .put("termination_uri", "sip:carrier.example")
                .set("credentials", ApiClient.object().put("password", "pw-" + name));
    }
}
