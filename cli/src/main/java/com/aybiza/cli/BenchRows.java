package com.aybiza.cli;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark's rows: usage RECORDs made from their index alone, so every stage writes exactly the same rows
 * without holding them in memory: 50 tenants of 10 organizations, 500 agents, six resource types, event times spread
 * over a day. Cheap to make (no builder, no hashing per row), so the stages measure the writing, not the making.
 */
final class BenchRows {

    private static final String[] TYPES = {"call_minutes", "agent_sessions", "api_calls", "storage_gb",
        "tool_executions", "model_tokens"};
    private static final String[] UNITS = {"minutes", "sessions", "calls", "gb", "executions", "tokens"};
    private static final Instant START = Instant.parse("2026-11-30T00:00:00Z");
    private static final LocalDate PERIOD = LocalDate.of(2026, 11, 1);
    private static final BigDecimal PRICE = new BigDecimal("0.012000");
    private static final UUID[] TENANTS = uuids("tenant", 50);
    private static final UUID[] ORGANIZATIONS = uuids("organization", 10);
    private static final UUID[] AGENTS = uuids("agent", 500);
    private static final long EVENT_ID_HIGH = UUID.nameUUIDFromBytes("bench".getBytes(StandardCharsets.UTF_8))
            .getMostSignificantBits();

    private BenchRows() {
    }

    static UsageEvent event(long i) {
        int tenant = (int) (i % TENANTS.length);
        int type = (int) (i % TYPES.length);
        long cents = 1 + i % 997;
        BigDecimal quantity = BigDecimal.valueOf(cents * 10_000, 6);
        BigDecimal cost = BigDecimal.valueOf(cents * 120, 6);
        Instant time = START.plusMillis(i % 86_400_000L).plusNanos(i % 1000 * 1000);
        return new UsageEvent(new UUID(EVENT_ID_HIGH, i), time, ORGANIZATIONS[tenant % ORGANIZATIONS.length],
                TENANTS[tenant], AGENTS[(int) (i % AGENTS.length)], UsageEventKind.RECORD, TYPES[type],
                i % 2 == 0 ? "inbound" : "outbound", quantity, UNITS[type], PRICE, cost, PERIOD, null, null,
                "CA" + (i / 7), null, Map.of());
    }

    private static UUID[] uuids(String kind, int count) {
        UUID[] ids = new UUID[count];
        for (int i = 0; i < count; i++) {
            ids[i] = UUID.nameUUIDFromBytes((kind + i).getBytes(StandardCharsets.UTF_8));
        }
        return ids;
    }
}
