package com.aybiza.jobs.detection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The events of one subject of a rule (a user's failed logins, an address's, an agent's prompt injections) that
 * follow each other with gaps shorter than the rule's window: one incident. It holds the events of the last window
 * (what the threshold is checked against, and the evidence) and whether the incident has been reported: an incident
 * is reported once, however long it goes on. A gap of a whole window ends it; the next event starts a new one.
 *
 * <p>A Flink POJO with a declared type ({@link #typeInfo}).
 */
public class BurstChain {

    /** At most this many recent events are kept as evidence; the threshold is far below it. */
    static final int MAX_RECENT = 50;

    /** Event times (epoch ms), subjects (e.g. the user of a login) and event ids of the last window, oldest first. */
    public List<Long> times = new ArrayList<>();
    public List<String> subjects = new ArrayList<>();
    public List<String> eventIds = new ArrayList<>();
    public long firstMillis;
    public long lastMillis;
    public long events;
    public boolean reported;

    public BurstChain() {
    }

    static TypeInformation<BurstChain> typeInfo() {
        return Types.POJO(BurstChain.class, Map.of("times", Types.LIST(Types.LONG),
                "subjects", Types.LIST(Types.STRING), "eventIds", Types.LIST(Types.STRING),
                "firstMillis", Types.LONG, "lastMillis", Types.LONG, "events", Types.LONG,
                "reported", Types.BOOLEAN));
    }

    /** Whether the incident is over at {@code millis}: a whole window without an event. */
    boolean endedBy(long millis, long windowMillis) {
        return events > 0 && millis - lastMillis >= windowMillis;
    }

    /** Adds an event (in event-time order) and forgets those that left the window ending at it. */
    void add(long millis, String subject, String eventId, long windowMillis) {
        if (events == 0) {
            firstMillis = millis;
        }
        events++;
        lastMillis = Math.max(lastMillis, millis);
        times.add(millis);
        subjects.add(subject);
        eventIds.add(eventId);
        while (!times.isEmpty() && (times.get(0) <= lastMillis - windowMillis || times.size() > MAX_RECENT)) {
            times.remove(0);
            subjects.remove(0);
            eventIds.remove(0);
        }
    }

    /** Events in the window ending at the latest one. */
    int inWindow() {
        return times.size();
    }

    int distinctSubjects() {
        return new HashSet<>(subjects).size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BurstChain c && times.equals(c.times) && subjects.equals(c.subjects)
                && eventIds.equals(c.eventIds) && firstMillis == c.firstMillis && lastMillis == c.lastMillis
                && events == c.events && reported == c.reported;
    }

    @Override
    public int hashCode() {
        return Objects.hash(times, lastMillis, events, reported);
    }
}
