package com.aybiza.jobs.ingest.rules;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.UsageEvent;
import java.io.Serializable;

/**
 * What a decoded event must also satisfy before it is stored: the rules the Avro schema cannot express (a range, a
 * field required by one kind of event, two fields that must agree) and the database would otherwise reject at the
 * sink, where a rejection is far more expensive. Each violation is a sentence an operator reads in a dead letter.
 */
public interface EventRules<T> extends Serializable {

    void check(T event, Violations violations);

    /** The rules of the contract {@code eventType}. */
    @SuppressWarnings("unchecked")
    static <T> EventRules<T> forType(Class<T> eventType) {
        if (eventType == CallEvent.class) {
            return (EventRules<T>) new CallEventRules();
        }
        if (eventType == ToolExecutionEvent.class) {
            return (EventRules<T>) new ToolExecutionEventRules();
        }
        if (eventType == UsageEvent.class) {
            return (EventRules<T>) new UsageEventRules();
        }
        if (eventType == CallTurnEvent.class) {
            return (EventRules<T>) new CallTurnEventRules();
        }
        if (eventType == SecurityEvent.class) {
            return (EventRules<T>) new SecurityEventRules();
        }
        throw new IllegalArgumentException("no rules for " + eventType.getName() + ": not an event contract");
    }
}
