package com.aybiza.generator;

import com.aybiza.events.EventCodec;
import com.aybiza.events.EventDecodingException;
import com.aybiza.events.EventTopic;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** The records of a run decoded the way a consumer would: events, and the records that would not decode. */
final class Decoded {

    final List<SpecificRecord> events = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    static Decoded of(List<CollectingSink.Sent> records) {
        Map<EventTopic, EventCodec<? extends SpecificRecord>> codecs = new EnumMap<>(EventTopic.class);
        for (EventTopic topic : EventTopic.values()) {
            codecs.put(topic, EventCodec.forType(topic.eventType()));
        }
        Decoded decoded = new Decoded();
        for (CollectingSink.Sent sent : records) {
            EventTopic topic = java.util.Arrays.stream(EventTopic.values())
                    .filter(t -> t.topicName().equals(sent.topic())).findFirst().orElseThrow();
            try {
                decoded.events.add(codecs.get(topic).decode(sent.value()));
            } catch (EventDecodingException e) {
                decoded.failures.add(e.getMessage());
            }
        }
        return decoded;
    }

    <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
