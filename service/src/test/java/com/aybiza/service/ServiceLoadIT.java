package com.aybiza.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded load loop on loopback: many concurrent clients of two tenants for 30 s (aybiza.load.seconds), getting,
 * listing, creating and changing agents, and probing each other's rows. No request may fail, no response may carry
 * the other tenant's row, and every probe must be a 404. Prints the p99 latency of a get.
 */
class ServiceLoadIT {

    @RegisterExtension
    static final ServiceHarness SERVICE = new ServiceHarness();

    static final int CLIENTS_PER_TENANT = 8;
    static final int AGENTS_PER_TENANT = 20;

    static Side left;
    static Side right;

    /** One tenant under load: a client with a key of generous rate limit, and the ids of its agents. */
    record Side(ServiceHarness.Tenant tenant, ApiClient client, List<String> agents) {
    }

    @BeforeAll
    static void twoTenantsWithAgents() throws Exception {
        left = side("load-left");
        right = side("load-right");
    }

    private static Side side(String slug) throws Exception {
        ServiceHarness.Tenant tenant = SERVICE.newTenant(slug);
        ObjectNode key = ApiClient.object().put("name", "load");
        key.putObject("permissions").putArray("*").add("read").add("write");
        key.putObject("rate_limit").put("requests_per_minute", 1_000_000).put("requests_per_hour", 10_000_000)
                .put("requests_per_day", 100_000_000);
        ApiClient client = tenant.client().withKey(tenant.client().post("/v1/api_keys", key).json().get("key").asText());
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS_PER_TENANT; i++) {
            agents.add(client.post("/v1/agents", agent(slug + "-" + i)).id());
        }
        return new Side(tenant, client, Collections.unmodifiableList(agents));
    }

    private static ObjectNode agent(String name) {
        return ApiClient.object().put("name", name).put("system_prompt", "You help " + name + ".");
    }

    @Test
    void twoTenantsUnderConcurrentLoadNeverSeeEachOthersRows() throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("aybiza.load.seconds", 30));
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong requests = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(2 * CLIENTS_PER_TENANT);
        long deadline = System.nanoTime() + duration.toNanos();
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < 2 * CLIENTS_PER_TENANT; i++) {
            Side self = i % 2 == 0 ? left : right;
            Side other = self == left ? right : left;
            // One HTTP client per simulated client: its own connections, like separate callers.
            ApiClient client = new ApiClient(SERVICE.port(), null).withKey(keyOf(self));
            clients.add(pool.submit(() -> latencies.add(run(client, self, other, deadline, failures, requests))));
        }
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();

        long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
        long p50 = all[(int) (all.length * 0.50)], p99 = all[(int) Math.min(all.length - 1, all.length * 0.99)];
        System.out.printf("ServiceLoadIT: %d requests from %d clients of 2 tenants in %d s; %d gets, "
                        + "get latency p50 %.2f ms, p99 %.2f ms%n", requests.get(), 2 * CLIENTS_PER_TENANT,
                duration.toSeconds(), all.length, p50 / 1e6, p99 / 1e6);
        assertThat(failures).as("failures (first 20)").isEmpty();
        assertThat(all.length).isGreaterThan(1000);
    }

    private static String keyOf(Side side) {
        return side.client().apiKey();
    }

    private static long[] run(ApiClient client, Side self, Side other, long deadline,
                              ConcurrentLinkedQueue<String> failures, AtomicLong requests) {
        String tenant = self.tenant().tenantId().toString();
        long[] gets = new long[1 << 16];
        int n = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < deadline && failures.size() < 20) {
            int dice = random.nextInt(100);
            requests.incrementAndGet();
            if (dice < 80) {
                long start = System.nanoTime();
                ApiClient.Response r = client.get("/v1/agents/" + self.agents().get(random.nextInt(AGENTS_PER_TENANT)));
                long took = System.nanoTime() - start;
                if (n < gets.length) {
                    gets[n++] = took;
                }
                expect(r, 200, tenant, failures);
            } else if (dice < 90) {
                ApiClient.Response r = client.get("/v1/agents?limit=50&sort=-created_at");
                expect(r, 200, tenant, failures);
            } else if (dice < 95) {
                ApiClient.Response r = client.get("/v1/agents/" + other.agents().get(random.nextInt(AGENTS_PER_TENANT)));
                if (r.status() != 404) {
                    failures.add("probe of the other tenant's agent: " + r);
                }
            } else {
                ApiClient.Response created = client.post("/v1/agents", agent("load-" + random.nextInt()));
                expect(created, 201, tenant, failures);
                if (created.status() == 201) {
                    ApiClient.Response patched = client.patch("/v1/agents/" + created.id(),
                            ApiClient.object().put("version", 1).put("status", "active"));
                    requests.incrementAndGet();
                    expect(patched, 200, tenant, failures);
                }
            }
        }
        return java.util.Arrays.copyOf(gets, n);
    }

    private static void expect(ApiClient.Response r, int status, String tenant, ConcurrentLinkedQueue<String> failures) {
        if (r.status() != status) {
            failures.add("expected " + status + ": " + r);
            return;
        }
        JsonNode items = r.json().has("items") ? r.json().get("items") : null;
        for (JsonNode row : items != null ? items : List.of(r.json())) {
            if (!tenant.equals(row.path("tenant_id").asText())) {
                failures.add("a row of another tenant: " + row);
            }
        }
    }
}
