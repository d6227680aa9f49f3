package com.aybiza.generator;

import com.aybiza.events.SecurityEventType;
import com.aybiza.events.Severity;
import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * The thin security stream beside the calls: API requests (each billed as an api_call), audit entries and logins,
 * and now and then an incident: a run of failed logins from one IP that ends in a high-severity security event.
 */
final class SecurityTraffic {

    private static final long SECOND = 1_000_000L;
    private static final long STREAM_OFFSET = 1L << 40;

    private final CallContext context;

    SecurityTraffic(CallContext context) {
        this.context = context;
    }

    /** The index-th ordinary security event, starting at {@code micros}. */
    Script ordinary(long index, long micros) {
        SplittableRandom random = context.randomFor(STREAM_OFFSET + index);
        ReferenceData.Tenant tenant = context.pickTenant(random);
        ReferenceData.User user = context.pickUser(random, tenant.id());
        String ip = SecurityEvents.ip(random);
        String key = "ordinary-" + index;
        EventListScript script = new EventListScript();
        double roll = random.nextDouble();
        if (roll < 0.65) {
            int status = random.nextInt(100) < 93 ? 200 : random.nextBoolean() ? 404 : 429;
            script.add(micros, SecurityEvents.apiAccess(context, random, key, user, ip, status, context.instant(micros)));
            ReferenceData.Agent agent = context.firstAgentOf(tenant.id());
            script.add(micros + 1, UsageEvents.record(context.ids().of("usage", "api_calls", key),
                    context.instant(micros + 1), agent, "api_calls", status == 200 ? "success" : "error",
                    BigDecimal.ONE, "calls", null, null));
        } else if (roll < 0.85) {
            script.add(micros, SecurityEvents.audit(context, random, key, user, ip, "agent.updated", context.instant(micros)));
        } else {
            script.add(micros, SecurityEvents.login(context, key, user, ip, random.nextInt(20) != 0, random, context.instant(micros)));
        }
        return script;
    }

    /** The index-th incident: failed logins from one address, 1 to 2 s apart, then the alert it raised. */
    Script failedLoginBurst(long index, long micros) {
        SplittableRandom random = context.randomFor(2 * STREAM_OFFSET + index);
        ReferenceData.Tenant tenant = context.pickTenant(random);
        ReferenceData.User user = context.pickUser(random, tenant.id());
        String ip = SecurityEvents.ip(random);
        EventListScript script = new EventListScript();
        int attempts = 10 + random.nextInt(11);
        long t = micros;
        for (int i = 0; i < attempts; i++) {
            script.add(t, SecurityEvents.login(context, "burst-" + index + "-" + i, user, ip, false, random, context.instant(t)));
            t += SECOND + random.nextLong(SECOND);
        }
        script.add(t, SecurityEvents.generic(context, "burst-" + index, user, ip, SecurityEventType.login_failure,
                Severity.high, "{\"failed_attempts\":" + attempts + ",\"ip\":\"" + ip + "\"}", context.instant(t)));
        return script;
    }
}
