package com.aybiza.cli;

import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark's rows: usage RECORDs made from their index alone, so every stage writes exactly the same rows
 * without holding them in memory: 50 tenants of 10 organizations, six resource types, event times spread over a day.
 */
final class BenchRows {

    private static final String[] TYPES = {"call_minutes", "agent_sessions", "api_calls", "storage_gb",
        "tool_executions", "model_tokens"};
    private static final String[] UNITS = {"minutes", "sessions", "calls", "gb", "executions", "tokens"};
    private static final Instant START = Instant.parse("2026-11-30T00:00:00Z");

    private BenchRows() {
    }

    static UsageEvent event(long i) {
        int tenant = (int) (i % 50);
        int type = (int) (i % TYPES.length);
        BigDecimal quantity = BigDecimal.valueOf(1 + i % 997, 2).setScale(6, RoundingMode.UNNECESSARY);
        BigDecimal price = new BigDecimal("0.012000");
        Instant time = START.plusMillis((i * 86_400_000L / 1_000_000L) % 86_400_000L).plusNanos(i % 1000 * 1000);
        return UsageEvent.newBuilder()
                .setEventId(uuid("event", i)).setEventTime(time)
                .setOrganizationId(uuid("organization", tenant % 10)).setTenantId(uuid("tenant", tenant))
                .setAgentId(uuid("agent", i % 500)).setKind(UsageEventKind.RECORD)
                .setResourceType(TYPES[type]).setResourceSubtype(i % 2 == 0 ? "inbound" : "outbound")
                .setQuantity(quantity).setUnit(UNITS[type]).setUnitPrice(price)
                .setTotalCost(quantity.multiply(price).setScale(6, RoundingMode.HALF_EVEN))
                .setBillingPeriod(LocalDate.ofInstant(time, ZoneOffset.UTC).withDayOfMonth(1))
                .setCorrectsEventId(null).setReason(null).setCallSid("CA" + (i / 7)).setExecutionId(null)
                .setMetadata(Map.of())
                .build();
    }

    private static UUID uuid(String kind, long i) {
        return UUID.nameUUIDFromBytes((kind + i).getBytes(StandardCharsets.UTF_8));
    }
}
