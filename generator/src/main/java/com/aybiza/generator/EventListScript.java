package com.aybiza.generator;

import java.util.ArrayList;
import java.util.List;

/** A short, fully built run of events (a security incident, an API request and its billing), in time order. */
final class EventListScript implements Script {

    private final List<Long> times = new ArrayList<>();
    private final List<GeneratedEvent> events = new ArrayList<>();
    private int next;

    EventListScript add(long micros, GeneratedEvent event) {
        if (!times.isEmpty() && micros < times.get(times.size() - 1)) {
            throw new IllegalArgumentException("events of a script must be added in time order");
        }
        times.add(micros);
        events.add(event);
        return this;
    }

    @Override
    public long nextTimeMicros() {
        return times.get(next);
    }

    @Override
    public boolean hasNext() {
        return next < events.size();
    }

    @Override
    public GeneratedEvent next() {
        return events.get(next++);
    }
}
