package com.aybiza.jobs.detection;

import com.aybiza.events.LoginAttempt;
import com.aybiza.events.PromptInjectionAttempt;
import com.aybiza.events.SecurityEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The burst rules ({@link BurstRule}) over one scope's security events (keyed by tenant, else organization), in
 * event time.
 *
 * <p>Events are held until the watermark passes their time and then taken in event-time order (equal times by event
 * id), so the same events always make the same incidents and the same detections, whatever order they arrived in and
 * however often they are replayed. Each rule keeps, per subject, the incident it is in ({@link BurstChain}). When an
 * event brings one of its incidents to the rule's threshold within the window, and that incident was not reported
 * yet, one detection is emitted, with the event as its trigger (its id derives from the trigger's), and every incident
 * of the event at the threshold is marked reported: a burst of one user from one address is one detection, not one
 * per subject. An incident ends after a whole window without events, and its state goes with it (an event-time timer
 * per incident's end).
 *
 * <p>An event that comes after the watermark passed its time (late) is taken at once, in arrival order, and counted
 * ({@code lateEvents}); one older than its subject's current incident window cannot change that incident and is
 * left out of it ({@code lateEventsIgnored}).
 */
public final class BurstDetection extends KeyedProcessFunction<String, EnrichedEvent<SecurityEvent>,
        EnrichedEvent<SecurityEvent>> {

    private static final long serialVersionUID = 1L;

    /** Events waiting for the watermark, by event time. */
    private transient MapState<Long, List<EnrichedEvent<SecurityEvent>>> pending;
    /** Per rule and subject ({@code RULE|user <id>}), its incident. */
    private transient MapState<String, BurstChain> chains;
    private transient Counter detections;
    private transient Counter lateEvents;
    private transient Counter lateEventsIgnored;

    /** Whether any burst rule counts {@code event}: only those need to reach this operator. */
    public static boolean concerns(SecurityEvent event) {
        for (BurstRule rule : BurstRule.values()) {
            if (!rule.chains(event).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG,
                Types.LIST(EnrichedEvent.enrichedTypeInfo(SecurityEvent.class))));
        chains = getRuntimeContext().getMapState(new MapStateDescriptor<>("incidents", Types.STRING,
                BurstChain.typeInfo()));
        detections = getRuntimeContext().getMetricGroup().counter("detections");
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
        lateEventsIgnored = getRuntimeContext().getMetricGroup().counter("lateEventsIgnored");
    }

    @Override
    public void processElement(EnrichedEvent<SecurityEvent> event, Context ctx,
                               Collector<EnrichedEvent<SecurityEvent>> out) throws Exception {
        long time = event.event.getEventTime().toEpochMilli();
        if (time <= ctx.timerService().currentWatermark()) {
            lateEvents.inc();
            evaluate(event, time, ctx, out);
            return;
        }
        List<EnrichedEvent<SecurityEvent>> waiting = pending.get(time);
        if (waiting == null) {
            waiting = new ArrayList<>();
            ctx.timerService().registerEventTimeTimer(time);
        }
        waiting.add(event);
        pending.put(time, waiting);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnrichedEvent<SecurityEvent>> out)
            throws Exception {
        List<EnrichedEvent<SecurityEvent>> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            due.sort(Comparator.comparing(e -> e.event.getEventId().toString()));
            for (EnrichedEvent<SecurityEvent> event : due) {
                evaluate(event, timestamp, ctx, out);
            }
        }
        // Incidents whose window has passed without events are over.
        List<String> ended = new ArrayList<>();
        for (Map.Entry<String, BurstChain> chain : chains.entries()) {
            BurstRule rule = ruleOf(chain.getKey());
            if (chain.getValue().endedBy(timestamp, rule.window().toMillis())) {
                ended.add(chain.getKey());
            }
        }
        for (String key : ended) {
            chains.remove(key);
        }
    }

    private void evaluate(EnrichedEvent<SecurityEvent> event, long time, Context ctx,
                          Collector<EnrichedEvent<SecurityEvent>> out) throws Exception {
        for (BurstRule rule : BurstRule.values()) {
            List<String> keys = rule.chains(event.event);
            if (keys.isEmpty()) {
                continue;
            }
            long window = rule.window().toMillis();
            Map<String, BurstChain> touched = new LinkedHashMap<>();
            boolean fire = false;
            for (String key : keys) {
                String stateKey = rule.name() + "|" + key;
                BurstChain chain = chains.get(stateKey);
                if (chain != null && time <= chain.lastMillis - window) {
                    // Late, and older than the incident's window: it can no longer change the incident.
                    lateEventsIgnored.inc();
                    continue;
                }
                if (chain == null || chain.endedBy(time, window)) {
                    chain = new BurstChain();
                }
                chain.add(time, rule.subject(event.event), event.event.getEventId().toString(), window);
                touched.put(stateKey, chain);
                fire |= chain.inWindow() >= rule.threshold() && !chain.reported;
            }
            if (fire) {
                Map<String, BurstChain> atThreshold = new LinkedHashMap<>();
                touched.forEach((key, chain) -> {
                    if (chain.inWindow() >= rule.threshold()) {
                        chain.reported = true;
                        atThreshold.put(key.substring(key.indexOf('|') + 1), chain);
                    }
                });
                out.collect(detection(rule, event, atThreshold));
                detections.inc();
            }
            for (Map.Entry<String, BurstChain> chain : touched.entrySet()) {
                chains.put(chain.getKey(), chain.getValue());
            }
            ctx.timerService().registerEventTimeTimer(time + window);
        }
    }

    private static BurstRule ruleOf(String stateKey) {
        return BurstRule.valueOf(stateKey.substring(0, stateKey.indexOf('|')));
    }

    /** The detection of {@code rule}, set off by {@code trigger}, with the incidents at the threshold as evidence. */
    static EnrichedEvent<SecurityEvent> detection(BurstRule rule, EnrichedEvent<SecurityEvent> trigger,
                                                  Map<String, BurstChain> atThreshold) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("threshold", rule.threshold());
        evidence.put("window_seconds", rule.window().toSeconds());
        Map<String, Object> incidents = new LinkedHashMap<>();
        atThreshold.forEach((subject, chain) -> {
            Map<String, Object> incident = new LinkedHashMap<>();
            incident.put("events_in_window", chain.inWindow());
            incident.put("first_in_window_at", Detection.iso(chain.times.get(0)));
            incident.put("incident_started_at", Detection.iso(chain.firstMillis));
            incident.put("distinct_subjects", chain.distinctSubjects());
            incident.put("event_ids", List.copyOf(chain.eventIds));
            incidents.put(subject, incident);
        });
        evidence.put("incidents", incidents);
        evidence.put("trigger_event_id", trigger.event.getEventId().toString());
        evidence.put("trigger_at", trigger.event.getEventTime().toString());
        String discriminator = trigger.event.getEventId().toString();
        if (rule == BurstRule.FAILED_LOGINS) {
            LoginAttempt login = (LoginAttempt) trigger.event.getPayload();
            BurstChain address = atThreshold.get("ip " + login.getIpAddress());
            boolean stuffing = address != null && address.distinctSubjects() >= BurstRule.STUFFING_USERS;
            if (stuffing) {
                return Detection.of(Detection.Kind.CREDENTIAL_STUFFING, trigger, discriminator,
                        login.getIpAddress(), null, null, evidence, address.inWindow() + " failed logins for "
                                + address.distinctSubjects() + " users from " + login.getIpAddress() + " within "
                                + rule.window().toMinutes() + " minutes");
            }
            return Detection.of(Detection.Kind.BRUTE_FORCE, trigger, discriminator, login.getIpAddress(),
                    login.getUserId(), null, evidence, "at least " + rule.threshold() + " failed logins for user "
                            + login.getUserId() + " or from " + login.getIpAddress() + " within "
                            + rule.window().toMinutes() + " minutes");
        }
        PromptInjectionAttempt attempt = (PromptInjectionAttempt) trigger.event.getPayload();
        evidence.put("agent_id", attempt.getAgentId().toString());
        return Detection.of(Detection.Kind.PROMPT_INJECTION_BURST, trigger, discriminator, null, null, null,
                evidence, "at least " + rule.threshold() + " prompt-injection attempts against agent "
                        + attempt.getAgentId() + " within " + rule.window().toMinutes() + " minutes");
    }
}
