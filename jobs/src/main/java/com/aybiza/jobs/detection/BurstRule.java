package com.aybiza.jobs.detection;

import com.aybiza.events.LoginAttempt;
import com.aybiza.events.PromptInjectionAttempt;
import com.aybiza.events.SecurityEvent;
import java.time.Duration;
import java.util.List;

/**
 * The rules that look for a burst of events of one subject (README, "Threat detection"). Each names the subjects an
 * event counts for, as chain keys prefixed by the subject's kind, and how many events within the window make an
 * incident.
 */
public enum BurstRule {

    /**
     * Five or more failed logins within five minutes for one user, or from one address. An address whose failures
     * in the window name three or more users is credential stuffing rather than brute force.
     */
    FAILED_LOGINS(5, Duration.ofMinutes(5)) {
        @Override
        List<String> chains(SecurityEvent event) {
            if (event.getPayload() instanceof LoginAttempt login && !login.getSuccess()) {
                return List.of("user " + login.getUserId(), "ip " + login.getIpAddress());
            }
            return List.of();
        }

        @Override
        String subject(SecurityEvent event) {
            return ((LoginAttempt) event.getPayload()).getUserId().toString();
        }
    },

    /** Three or more prompt-injection attempts against one agent within five minutes. */
    PROMPT_INJECTIONS(3, Duration.ofMinutes(5)) {
        @Override
        List<String> chains(SecurityEvent event) {
            if (event.getPayload() instanceof PromptInjectionAttempt attempt && attempt.getAgentId() != null) {
                return List.of("agent " + attempt.getAgentId());
            }
            return List.of();
        }

        @Override
        String subject(SecurityEvent event) {
            String callSid = ((PromptInjectionAttempt) event.getPayload()).getCallSid();
            return callSid == null ? "" : callSid;
        }
    };

    /** Distinct users behind one address's failed logins from which a burst is credential stuffing. */
    public static final int STUFFING_USERS = 3;

    private final int threshold;
    private final Duration window;

    BurstRule(int threshold, Duration window) {
        this.threshold = threshold;
        this.window = window;
    }

    public int threshold() {
        return threshold;
    }

    public Duration window() {
        return window;
    }

    /** The chains the event counts in; none when the rule does not apply to it. */
    abstract List<String> chains(SecurityEvent event);

    /** What the event is about within its chain (the user of a login, the call of an injection): the evidence. */
    abstract String subject(SecurityEvent event);
}
