package com.aybiza.generator;

import com.aybiza.events.EventTopic;
import com.aybiza.events.UsageEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run wrote, so that what the pipeline stored can be checked against it: records per topic, events per kind,
 * malformed records per kind, and for every tenant the net billable quantity per resource type (RECORDs, plus
 * CORRECTIONs' differences, minus VOIDs). Malformed records bill nothing.
 */
public final class Ledger {

    private final Map<EventTopic, long[]> perTopic = new EnumMap<>(EventTopic.class); // {valid, malformed}
    private final Map<String, Long> events = new TreeMap<>();
    private final Map<String, Long> malformed = new TreeMap<>();
    private final Map<String, Map<String, BigDecimal>> billable = new TreeMap<>();
    private long total;
    private double elapsedSeconds;

    Ledger() {
        for (EventTopic topic : EventTopic.values()) {
            perTopic.put(topic, new long[2]);
        }
    }

    void valid(GeneratedEvent event) {
        perTopic.get(event.topic())[0]++;
        events.merge(event.kind(), 1L, Long::sum);
        total++;
        if (event.billedDelta() != null) {
            UsageEvent usage = (UsageEvent) event.event();
            billable.computeIfAbsent(usage.getTenantId().toString(), t -> new TreeMap<>())
                    .merge(usage.getResourceType(), event.billedDelta(), BigDecimal::add);
        }
    }

    void malformed(EventTopic topic, MalformedKind kind) {
        perTopic.get(topic)[1]++;
        malformed.merge(kind.label(), 1L, Long::sum);
        total++;
    }

    void finish(double elapsedSeconds) {
        this.elapsedSeconds = elapsedSeconds;
    }

    public long total() {
        return total;
    }

    public long malformedTotal() {
        return malformed.values().stream().mapToLong(Long::longValue).sum();
    }

    long topicTotal(EventTopic topic) {
        long[] counts = perTopic.get(topic);
        return counts[0] + counts[1];
    }

    Map<String, Long> malformedByKind() {
        return Map.copyOf(malformed);
    }

    Map<String, Map<String, BigDecimal>> billable() {
        return billable;
    }

    public double eventsPerSecond() {
        return elapsedSeconds > 0 ? total / elapsedSeconds : 0;
    }

    ObjectNode toJson(GeneratorSettings settings) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("seed", settings.seed());
        root.put("start", settings.start().toString());
        root.put("tenants", settings.tenants());
        root.put("agents", settings.agents());
        root.put("records", total);
        root.put("elapsed_seconds", Math.round(elapsedSeconds * 1000) / 1000.0);
        root.put("records_per_second", Math.round(eventsPerSecond()));
        ObjectNode topics = root.putObject("topics");
        perTopic.forEach((topic, counts) -> topics.putObject(topic.topicName())
                .put("valid", counts[0]).put("malformed", counts[1]).put("total", counts[0] + counts[1]));
        ObjectNode kinds = root.putObject("events");
        events.forEach(kinds::put);
        ObjectNode bad = root.putObject("malformed");
        for (MalformedKind kind : MalformedKind.values()) {
            bad.put(kind.label(), malformed.getOrDefault(kind.label(), 0L));
        }
        ObjectNode bill = root.putObject("billable_quantity");
        billable.forEach((tenant, byType) -> {
            ObjectNode node = bill.putObject(tenant);
            byType.forEach((type, quantity) -> node.put(type, quantity.toPlainString()));
        });
        return root;
    }

    public void writeJson(Path file, GeneratorSettings settings) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson(settings));
    }

    public void print(PrintWriter out) {
        out.printf("ledger: %,d records in %.1f s (%,.0f records/s)%n", total, elapsedSeconds, eventsPerSecond());
        perTopic.forEach((topic, counts) -> out.printf("  %-28s %,12d valid %,10d malformed%n",
                topic.topicName(), counts[0], counts[1]));
        out.println("events by kind:");
        events.forEach((kind, n) -> out.printf("  %-40s %,12d%n", kind, n));
        out.println("malformed by kind:");
        for (MalformedKind kind : MalformedKind.values()) {
            out.printf("  %-40s %,12d%n", kind.label(), malformed.getOrDefault(kind.label(), 0L));
        }
        out.println("billable quantity by tenant and resource type:");
        billable.forEach((tenant, byType) -> byType.forEach((type, quantity) ->
                out.printf("  %s  %-16s %20s%n", tenant, type, quantity.toPlainString())));
        out.flush();
    }
}
