package com.aybiza.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.service.auth.ApiKeyTokens;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What security.api_keys says about a key is what the service enforces. */
class ApiKeyEnforcementIT {

    @RegisterExtension
    static final ServiceHarness SERVICE = new ServiceHarness();

    static ServiceHarness.Tenant admin;

    @BeforeAll
    static void bootstrap() throws Exception {
        admin = SERVICE.newTenant("keys");
    }

    /** Issues a key through the API, as a client would. */
    static ApiClient.Response issue(ObjectNode fields) {
        ApiClient.Response issued = admin.client().post("/v1/api_keys", fields.put("name", "test key"));
        assertThat(issued.status()).as(issued.text()).isEqualTo(201);
        return issued;
    }

    static ObjectNode readAll() {
        ObjectNode key = ApiClient.object();
        key.putObject("permissions").putArray("*").add("read");
        return key;
    }

    @Test
    void noKeyOrAnUnknownKeyIs401() {
        ApiClient anonymous = SERVICE.anonymous();
        assertThat(anonymous.get("/v1/agents").status()).isEqualTo(401);
        assertThat(anonymous.get("/v1/agents").header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(anonymous.sendRaw("GET", "/v1/agents", null, "Basic YWRtaW46YWRtaW4=").status()).isEqualTo(401);
        assertThat(anonymous.withKey("ayb_" + "A".repeat(43)).get("/v1/agents").status()).isEqualTo(401);
        assertThat(anonymous.withKey("' OR 1=1 --").get("/v1/agents").status()).isEqualTo(401);
    }

    @Test
    void theKeyIsShownOnceAndOnlyItsHashIsStored() throws Exception {
        ApiClient.Response issued = issue(readAll());
        String key = issued.json().get("key").asText();

        assertThat(SERVICE.ownerQuery("SELECT key_hash FROM security.api_keys WHERE id = ?::uuid", issued.id()))
                .containsExactly(ApiKeyTokens.hash(key));
        assertThat(SERVICE.ownerQuery("SELECT count(*) FROM security.api_keys WHERE key_hash = ?", key))
                .containsExactly("0");
        ApiClient.Response fetched = admin.client().get("/v1/api_keys/" + issued.id());
        assertThat(fetched.json().has("key")).isFalse();
        assertThat(fetched.json().has("key_hash")).isFalse();
        assertThat(admin.client().withKey(key).get("/v1/agents").status()).isEqualTo(200);
    }

    @Test
    void revokedAndExpiredKeysAre401() {
        ApiClient.Response issued = issue(readAll());
        ApiClient client = admin.client().withKey(issued.json().get("key").asText());
        assertThat(client.get("/v1/agents").status()).isEqualTo(200);
        ApiClient.Response revoke = admin.client().patch("/v1/api_keys/" + issued.id(),
                ApiClient.object().put("version", 1).put("status", "revoked"));
        assertThat(revoke.status()).as(revoke.text()).isEqualTo(200);
        ApiClient.Response refused = client.get("/v1/agents");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().at("/error/message").asText()).contains("revoked");

        ApiClient expired = admin.client().withKey(issue(readAll().put("expires_at", "2020-01-01T00:00:00Z"))
                .json().get("key").asText());
        assertThat(expired.get("/v1/agents").status()).isEqualTo(401);
        ApiClient valid = admin.client().withKey(issue(readAll().put("expires_at", "2099-01-01T00:00:00Z"))
                .json().get("key").asText());
        assertThat(valid.get("/v1/agents").status()).isEqualTo(200);
    }

    @Test
    void ipAllowListsAdmitOnlyTheirAddresses() {
        ObjectNode elsewhere = readAll();
        elsewhere.putArray("ip_whitelist").add("10.0.0.0/8").add("2001:db8::/32");
        ApiClient.Response refused = admin.client().withKey(issue(elsewhere).json().get("key").asText())
                .get("/v1/agents");
        assertThat(refused.status()).isEqualTo(403);

        ObjectNode loopback = readAll();
        loopback.putArray("ip_whitelist").add("192.168.0.1").add("127.0.0.0/8");
        assertThat(admin.client().withKey(issue(loopback).json().get("key").asText()).get("/v1/agents").status())
                .isEqualTo(200);
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        ObjectNode limited = readAll();
        limited.putObject("rate_limit").put("requests_per_minute", 3).put("requests_per_hour", 1000);
        ApiClient client = admin.client().withKey(issue(limited).json().get("key").asText());
        List<ApiClient.Response> responses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            responses.add(client.get("/v1/agents"));
        }
        // Three per minute: even if a minute boundary falls inside the loop, at most six get through.
        assertThat(responses.subList(0, 3)).allMatch(r -> r.status() == 200);
        assertThat(responses.stream().filter(r -> r.status() == 200).count()).isLessThanOrEqualTo(6);
        ApiClient.Response limitedResponse = responses.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertThat(Integer.parseInt(limitedResponse.header("Retry-After"))).isBetween(1, 60);
        assertThat(SERVICE.ownerQuery("SELECT status_code || ' ' || rate_limited FROM security.api_access_logs "
                + "WHERE request_id = ?::uuid", limitedResponse.header("X-Request-Id"))).containsExactly("429 true");
    }

    @Test
    void twoInstancesShareOneKeysLimit() throws Exception {
        // Both instances on one clock, inside one minute: the test does not depend on when it runs.
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:20Z"));
        ApiClient a = SERVICE.anotherInstance(clock);
        ApiClient b = SERVICE.anotherInstance(clock);
        ObjectNode limited = readAll();
        limited.putObject("rate_limit").put("requests_per_minute", 5).put("requests_per_hour", 1000);
        ApiClient.Response issued = issue(limited);
        String key = issued.json().get("key").asText();

        for (int i = 0; i < 3; i++) {
            assertThat(a.withKey(key).get("/v1/agents").status()).isEqualTo(200);
        }
        assertThat(b.withKey(key).get("/v1/agents").status()).isEqualTo(200);
        assertThat(b.withKey(key).get("/v1/agents").status()).isEqualTo(200);
        ApiClient.Response sixth = b.withKey(key).get("/v1/agents");
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.header("Retry-After")).isEqualTo("40");
        assertThat(a.withKey(key).get("/v1/agents").status()).isEqualTo(429);
        // The refused requests are not uses of the key: usage_count counts the five admitted ones.
        assertThat(SERVICE.ownerQuery("SELECT usage_count FROM security.api_keys WHERE id = ?::uuid", issued.id()))
                .containsExactly("5");
    }

    @Test
    void windowsExpireAndThePastOnesAreDeleted() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:50Z"));
        ApiClient service = SERVICE.anotherInstance(clock);
        ObjectNode limited = readAll();
        limited.putObject("rate_limit").put("requests_per_minute", 2).put("requests_per_hour", 1000);
        ApiClient.Response issued = issue(limited);
        ApiClient client = service.withKey(issued.json().get("key").asText());

        assertThat(client.get("/v1/agents").status()).isEqualTo(200);
        assertThat(client.get("/v1/agents").status()).isEqualTo(200);
        ApiClient.Response refused = client.get("/v1/agents");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("10");
        clock.advance(Duration.ofSeconds(10));
        assertThat(client.get("/v1/agents").status()).isEqualTo(200);
        assertThat(SERVICE.ownerQuery("SELECT window_seconds || ' ' || requests FROM ratelimit.api_key_request_windows "
                + "WHERE api_key_id = ?::uuid ORDER BY window_seconds", issued.id()))
                .as("the past minute is gone; the hour goes on").containsExactly("60 1", "3600 3");
    }

    @Test
    void everyRequestIsCountedOnTheKey() throws Exception {
        ApiClient.Response issued = issue(readAll());
        ApiClient client = admin.client().withKey(issued.json().get("key").asText());
        assertThat(SERVICE.ownerQuery("SELECT coalesce(usage_count, 0) || ' ' || (last_used_at IS NULL) "
                + "FROM security.api_keys WHERE id = ?::uuid", issued.id())).containsExactly("0 true");
        OffsetDateTime before = OffsetDateTime.now(Clock.systemUTC()).minusSeconds(1);
        for (int i = 0; i < 4; i++) {
            assertThat(client.get("/v1/agents").status()).isEqualTo(200);
        }
        // A request that fails after the key was admitted still counts: here, one it may not make.
        assertThat(client.post("/v1/agents", ApiClient.object().put("name", "n")).status()).isEqualTo(403);
        assertThat(SERVICE.ownerQuery("SELECT usage_count FROM security.api_keys WHERE id = ?::uuid", issued.id()))
                .containsExactly("5");
        OffsetDateTime lastUsed = OffsetDateTime.parse(SERVICE.ownerQueryUnchecked(
                "SELECT to_char(last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
                        + "FROM security.api_keys WHERE id = ?::uuid", issued.id()));
        assertThat(lastUsed).isAfter(before).isBefore(OffsetDateTime.now(Clock.systemUTC()).plusSeconds(1));
        // The key's own row keeps its version: counting a use is not a change a client has to merge.
        assertThat(admin.client().get("/v1/api_keys/" + issued.id()).json().get("version").asInt()).isEqualTo(1);
        // usage_count is an INTEGER: at its maximum it stays there, and the key goes on working.
        SERVICE.ownerQuery("UPDATE security.api_keys SET usage_count = 2147483647 WHERE id = ?::uuid", issued.id());
        assertThat(client.get("/v1/agents").status()).isEqualTo(200);
        assertThat(SERVICE.ownerQuery("SELECT usage_count FROM security.api_keys WHERE id = ?::uuid", issued.id()))
                .containsExactly("2147483647");
    }

    @Test
    void permissionsAreEnforcedAndCannotBeWidened() {
        ObjectNode readAgents = ApiClient.object();
        readAgents.putObject("permissions").putArray("agents").add("read");
        ApiClient client = admin.client().withKey(issue(readAgents).json().get("key").asText());
        assertThat(client.get("/v1/agents").status()).isEqualTo(200);
        assertThat(client.get("/v1/phone_numbers").status()).isEqualTo(403);
        assertThat(client.post("/v1/agents", ApiClient.object().put("name", "n").put("system_prompt", "p")).status())
                .isEqualTo(403);

        // A key that may write keys still cannot mint a platform administrator.
        ObjectNode keyWriter = ApiClient.object();
        keyWriter.putObject("permissions").putArray("api_keys").add("read").add("write");
        ApiClient writer = admin.client().withKey(issue(keyWriter).json().get("key").asText());
        ObjectNode wider = ApiClient.object().put("name", "wider");
        wider.putObject("permissions").put("platform_admin", true).putArray("*").add("read");
        assertThat(writer.post("/v1/api_keys", wider).status()).isEqualTo(403);
        // Nor may the bootstrap key (not a platform administrator) change platform-wide tables.
        assertThat(admin.client().post("/v1/feature_flags", ApiClient.object().put("name", "f")).status())
                .isEqualTo(403);
        assertThat(admin.client().get("/v1/feature_flags").status()).isEqualTo(200);
    }
}
