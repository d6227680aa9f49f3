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
 * malformed records per kind, the rows each table should get ({@link StoredRows}), and for every tenant the billable
 * quantity and cost per resource type by the pipeline's billing rule ({@link BillableUsage}). Malformed records bill
 * nothing and store no row.
 */
public final class Ledger {

    private final Map<EventTopic, long[]> perTopic = new EnumMap<>(EventTopic.class); // {valid, malformed}
    private final Map<String, Long> events = new TreeMap<>();
    private final Map<String, Long> malformed = new TreeMap<>();
    private final Map<EventTopic, Map<String, Long>> malformedByTopic = new EnumMap<>(EventTopic.class);
    private final BillableUsage usage = new BillableUsage();
    private final StoredRows rows = new StoredRows();
    private long total;
    private double elapsedSeconds;
    private OffsetRanges offsets = new OffsetRanges();

    Ledger() {
        for (EventTopic topic : EventTopic.values()) {
            perTopic.put(topic, new long[2]);
        }
    }

    void valid(GeneratedEvent event) {
        perTopic.get(event.topic())[0]++;
        events.merge(event.kind(), 1L, Long::sum);
        total++;
        if (event.event() instanceof UsageEvent usageEvent) {
            usage.add(usageEvent);
        }
        rows.add(event.event());
    }

    void malformed(EventTopic topic, MalformedKind kind) {
        perTopic.get(topic)[1]++;
        malformed.merge(kind.label(), 1L, Long::sum);
        malformedByTopic.computeIfAbsent(topic, t -> new TreeMap<>()).merge(kind.label(), 1L, Long::sum);
        total++;
    }

    void finish(double elapsedSeconds, OffsetRanges offsets) {
        this.elapsedSeconds = elapsedSeconds;
        this.offsets = offsets;
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

    /** Billable quantity per tenant and resource type; like the cost, worked out from all usage events so far. */
    Map<String, Map<String, BigDecimal>> billable() {
        return usage.bill().quantity();
    }

    Map<String, Map<String, BigDecimal>> billableCost() {
        return usage.bill().cost();
    }

    long orphanAdjustments() {
        return usage.bill().orphanAdjustments();
    }

    Map<String, Long> rows() {
        return rows.counts();
    }

    Map<String, Long> detections() {
        return rows.detections();
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
        // Per topic too: each topic has its own dead-letter twin, and `bin/aybiza reconcile` counts them per topic.
        ObjectNode badByTopic = root.putObject("malformed_by_topic");
        for (EventTopic topic : EventTopic.values()) {
            ObjectNode node = badByTopic.putObject(topic.topicName());
            Map<String, Long> ofTopic = malformedByTopic.getOrDefault(topic, Map.of());
            for (MalformedKind kind : MalformedKind.values()) {
                node.put(kind.label(), ofTopic.getOrDefault(kind.label(), 0L));
            }
        }
        BillableUsage.Bill bill = usage.bill();
        putAmounts(root.putObject("billable_quantity"), bill.quantity());
        putAmounts(root.putObject("billable_cost"), bill.cost());
        root.put("orphan_adjustments", bill.orphanAdjustments());
        ObjectNode tables = root.putObject("rows");
        rows.counts().forEach(tables::put);
        ObjectNode detections = root.putObject("detections");
        rows.detections().forEach(detections::put);
        if (!offsets.isEmpty()) {
            offsets.writeTo(root.putObject("offsets"));
        }
        return root;
    }

    private static void putAmounts(ObjectNode node, Map<String, Map<String, BigDecimal>> amounts) {
        amounts.forEach((tenant, byType) -> {
            ObjectNode perTenant = node.putObject(tenant);
            byType.forEach((type, amount) -> perTenant.put(type, amount.toPlainString()));
        });
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
        out.println("rows the pipeline should store:");
        rows.counts().forEach((table, n) -> out.printf("  %-40s %,12d%n", table, n));
        BillableUsage.Bill bill = usage.bill();
        out.println("billable quantity by tenant and resource type:");
        printAmounts(out, bill.quantity());
        out.println("billable cost (USD) by tenant and resource type:");
        printAmounts(out, bill.cost());
        out.printf("orphan adjustments (corrections and voids of events not in this run, billed nothing): %,d%n",
                bill.orphanAdjustments());
        out.flush();
    }

    private static void printAmounts(PrintWriter out, Map<String, Map<String, BigDecimal>> amounts) {
        amounts.forEach((tenant, byType) -> byType.forEach((type, amount) ->
                out.printf("  %s  %-16s %20s%n", tenant, type, amount.toPlainString())));
    }
}
