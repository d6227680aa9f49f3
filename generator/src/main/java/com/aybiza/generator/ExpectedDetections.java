package com.aybiza.generator;

import com.aybiza.events.EventTopic;
import com.aybiza.events.LoginAttempt;
import com.aybiza.events.PromptInjectionAttempt;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ThreatLevel;
import com.aybiza.events.VoiceSecurityEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many threats the jobs' detection rules must find in a run's valid security events (README, "Threat
 * detection"), worked out here on their own from the rules' definition, as the ledger does for billing: a check of
 * the jobs, not a copy of their code.
 *
 * <p>Per tenant (else organization), events in event-time order (milliseconds, then event id): five failed logins
 * within five minutes for one user or from one address, or three prompt-injection attempts against one agent, make an
 * incident; a subject's incident ends after five minutes without its events, and is reported once; one event that
 * brings several of its subjects to the threshold is one detection. Every critical voice security event is one.
 * The generator's API requests carry no API key, so the rate rule finds nothing in its traffic.
 */
final class ExpectedDetections {

    private static final long WINDOW_MILLIS = 5 * 60_000L;

    private record Timed(long millis, String eventId, SecurityEvent event) {
    }

    private final Map<String, List<Timed>> byScope = new HashMap<>();
    private long criticalVoice;

    void add(SecurityEvent event) {
        if (event.getPayload() instanceof VoiceSecurityEvent voice && voice.getThreatLevel() == ThreatLevel.critical) {
            criticalVoice++;
        }
        if (!chainKeys(event).isEmpty()) {
            byScope.computeIfAbsent(EventTopic.keyOf(event.getTenantId(), event.getOrganizationId()),
                    s -> new ArrayList<>()).add(new Timed(event.getEventTime().toEpochMilli(),
                    event.getEventId().toString(), event));
        }
    }

    long count() {
        return byRule().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Detections per rule: failed_logins (brute force or credential stuffing), prompt_injections, critical_voice. */
    Map<String, Long> byRule() {
        Map<String, Long> detections = new TreeMap<>();
        detections.put("critical_voice_threat", criticalVoice);
        detections.put("failed_logins", 0L);
        detections.put("prompt_injections", 0L);
        for (List<Timed> events : byScope.values()) {
            List<Timed> ordered = new ArrayList<>(events);
            ordered.sort(Comparator.comparingLong(Timed::millis).thenComparing(Timed::eventId));
            Map<String, Incident> incidents = new HashMap<>();
            for (Timed e : ordered) {
                boolean fire = false;
                List<Incident> atThreshold = new ArrayList<>();
                for (String key : chainKeys(e.event())) {
                    Incident incident = incidents.get(key);
                    if (incident == null || e.millis() - incident.last >= WINDOW_MILLIS) {
                        incident = new Incident();
                        incidents.put(key, incident);
                    }
                    incident.add(e.millis());
                    if (incident.recent.size() >= threshold(key)) {
                        atThreshold.add(incident);
                        fire |= !incident.reported;
                    }
                }
                if (fire) {
                    detections.merge(e.event().getPayload() instanceof LoginAttempt ? "failed_logins"
                            : "prompt_injections", 1L, Long::sum);
                    atThreshold.forEach(i -> i.reported = true);
                }
            }
        }
        return detections;
    }

    /** The subjects an event counts for, each prefixed by its rule. */
    private static List<String> chainKeys(SecurityEvent event) {
        if (event.getPayload() instanceof LoginAttempt login && !login.getSuccess()) {
            return List.of("login user " + login.getUserId(), "login ip " + login.getIpAddress());
        }
        if (event.getPayload() instanceof PromptInjectionAttempt attempt && attempt.getAgentId() != null) {
            return List.of("injection agent " + attempt.getAgentId());
        }
        return List.of();
    }

    private static int threshold(String key) {
        return key.startsWith("login") ? 5 : 3;
    }

    private static final class Incident {
        final Deque<Long> recent = new ArrayDeque<>();
        long last = Long.MIN_VALUE;
        boolean reported;

        void add(long millis) {
            last = Math.max(last, millis);
            recent.addLast(millis);
            while (!recent.isEmpty() && recent.peekFirst() <= last - WINDOW_MILLIS) {
                recent.removeFirst();
            }
        }
    }
}
