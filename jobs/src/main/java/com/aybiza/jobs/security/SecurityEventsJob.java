package com.aybiza.jobs.security;

import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventTopic;
import com.aybiza.events.SecurityEvent;
import com.aybiza.jobs.FrontStage;
import com.aybiza.jobs.FrontStageSettings;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.PreparedEvents;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.IngestKafka;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.jobs.ingest.RefusedRowDeadLetters;
import com.aybiza.sinks.postgres.PostgresSink;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Security: the security topic into six tables, one per payload type ({@link SecurityTable}), each through its own
 * PostgreSQL sink, one row per event, idempotent on replay ({@link SecurityTableWriter}). The topology takes its ends,
 * so tests run the one that ships with their own; {@link #production} plugs in Kafka and PostgreSQL.
 */
public final class SecurityEventsJob {

    private final Source<RawRecord, ?, ?> securityTopic;
    private final Map<SecurityTable<?>, Sink<EnrichedEvent<SecurityEvent>>> tableSinks;
    private final Sink<DeadLetter> deadLetters;
    private final FrontStageSettings frontStage;

    /** @param tableSinks a sink for every table of {@link SecurityTable#ALL} */
    public SecurityEventsJob(Source<RawRecord, ?, ?> securityTopic,
                             Map<SecurityTable<?>, Sink<EnrichedEvent<SecurityEvent>>> tableSinks,
                             Sink<DeadLetter> deadLetters, FrontStageSettings frontStage) {
        List<String> missing = SecurityTable.ALL.stream().filter(t -> !tableSinks.containsKey(t))
                .map(SecurityTable::name).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no sink for the security tables " + missing
                    + ": every payload type needs its table's sink");
        }
        this.securityTopic = securityTopic;
        this.tableSinks = Map.copyOf(tableSinks);
        this.deadLetters = deadLetters;
        this.frontStage = frontStage;
    }

    public static SecurityEventsJob production(JobSettings settings) {
        return new SecurityEventsJob(InputTopics.source(settings, EventTopic.SECURITY), tableSinks(settings),
                IngestKafka.deadLetterSink(settings.bootstrapServers()), settings.frontStage());
    }

    /** A sink per table; rows the database refuses go to the security topic's dead-letter twin. */
    public static Map<SecurityTable<?>, Sink<EnrichedEvent<SecurityEvent>>> tableSinks(JobSettings settings) {
        Map<SecurityTable<?>, Sink<EnrichedEvent<SecurityEvent>>> sinks = new LinkedHashMap<>();
        for (SecurityTable<?> table : SecurityTable.ALL) {
            sinks.put(table, tableSink(settings, table));
        }
        return sinks;
    }

    public static PostgresSink<EnrichedEvent<SecurityEvent>> tableSink(JobSettings settings, SecurityTable<?> table) {
        var database = settings.database();
        return PostgresSink.<EnrichedEvent<SecurityEvent>>builder()
                .name(table.name())
                .connections(() -> database.open(Duration.ofSeconds(30)))
                .writer(new SecurityTableWriter<>(table))
                .refusedRows(new RefusedRowDeadLetters<>(settings.bootstrapServers(), settings.kafkaProperties()))
                .options(settings.sinkOptions())
                .build();
    }

    /** Adds the topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> raw = env.fromSource(securityTopic, WatermarkStrategy.noWatermarks(), "security topic")
                .uid("source-security");
        PreparedEvents<SecurityEvent> prepared = FrontStage.prepare(raw, SecurityEvent.class, frontStage);
        SingleOutputStreamOperator<EnrichedEvent<SecurityEvent>> split = prepared.events()
                .process(new SecurityEventSplit(), EnrichedEvent.enrichedTypeInfo(SecurityEvent.class))
                .name("split security events by payload").uid("split-security-events");
        for (SecurityTable<?> table : SecurityTable.ALL) {
            split.getSideOutput(table.tag()).sinkTo(tableSinks.get(table))
                    .name(table.name()).uid(sinkUid(table));
        }
        prepared.deadLetters().union(split.getSideOutput(DeadLetters.TAG))
                .sinkTo(deadLetters).name("dead letters of security").uid("dead-letters-security");
    }

    /** E.g. {@code sink-audit-logs}: the table's name without its schema, fixed for good like every uid. */
    static String sinkUid(SecurityTable<?> table) {
        return "sink-" + table.name().substring(table.name().indexOf('.') + 1).replace('_', '-');
    }
}
