package com.aybiza.jobs.security;

import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventTopic;
import com.aybiza.events.SecurityEvent;
import com.aybiza.jobs.FrontStage;
import com.aybiza.jobs.FrontStageSettings;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.PreparedEvents;
import com.aybiza.jobs.detection.ApiKeyLimits;
import com.aybiza.jobs.detection.ApiKeyRateDetection;
import com.aybiza.jobs.detection.BurstDetection;
import com.aybiza.jobs.detection.CriticalVoiceThreats;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.enrich.ReferenceApiKeyLimits;
import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.IngestKafka;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.jobs.ingest.RefusedRowDeadLetters;
import com.aybiza.jobs.ingest.SourceEventTime;
import com.aybiza.sinks.postgres.PostgresSink;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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
    private final ApiKeyLimits apiKeyLimits;

    /**
     * @param tableSinks a sink for every table of {@link SecurityTable#ALL}; the detections go to that of
     *                   {@link SecurityTable#SECURITY_EVENTS}
     */
    public SecurityEventsJob(Source<RawRecord, ?, ?> securityTopic,
                             Map<SecurityTable<?>, Sink<EnrichedEvent<SecurityEvent>>> tableSinks,
                             Sink<DeadLetter> deadLetters, FrontStageSettings frontStage,
                             ApiKeyLimits apiKeyLimits) {
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
        this.apiKeyLimits = apiKeyLimits;
    }

    public static SecurityEventsJob production(JobSettings settings) {
        return new SecurityEventsJob(InputTopics.source(settings, EventTopic.SECURITY), tableSinks(settings),
                IngestKafka.deadLetterSink(settings.bootstrapServers(), settings.kafkaProperties()),
                settings.frontStage(),
                new ReferenceApiKeyLimits(settings.frontStage().referenceData()));
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
                .refusedRows(RefusedRowDeadLetters.ofEvents(settings.bootstrapServers(), settings.kafkaProperties()))
                .options(settings.sinkOptions())
                // Every operator of the jobs lets go of a row once passed on (PostgresSink.Builder#rowsNotKeptUpstream).
                .rowsNotKeptUpstream()
                .build();
    }

    /** Adds the topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> raw = env.fromSource(securityTopic, SourceEventTime.watermarks(frontStage.ingest()), "security topic")
                .uid("source-security");
        PreparedEvents<SecurityEvent> prepared = FrontStage.prepare(raw, SecurityEvent.class, frontStage);
        SingleOutputStreamOperator<EnrichedEvent<SecurityEvent>> split = prepared.events()
                .process(new SecurityEventSplit(), EnrichedEvent.enrichedTypeInfo(SecurityEvent.class))
                .name("split security events by payload").uid("split-security-events");
        TypeInformation<EnrichedEvent<SecurityEvent>> type = EnrichedEvent.enrichedTypeInfo(SecurityEvent.class);
        for (SecurityTable<?> table : SecurityTable.ALL) {
            DataStream<EnrichedEvent<SecurityEvent>> rows = split.getSideOutput(table.tag());
            if (table == SecurityTable.SECURITY_EVENTS) {
                rows = rows.union(detections(prepared.events(), type));
            }
            rows.sinkTo(tableSinks.get(table)).name(table.name()).uid(sinkUid(table));
        }
        prepared.deadLetters().union(split.getSideOutput(DeadLetters.TAG))
                .sinkTo(deadLetters).name("dead letters of security").uid("dead-letters-security");
    }

    /**
     * The detection rules over the events in event time (watermarks per partition at the source): bursts of failed logins and prompt injections per tenant, API keys over their rate, critical
     * voice threats. Their detections are rows of {@code security.security_events}.
     */
    private DataStream<EnrichedEvent<SecurityEvent>> detections(DataStream<EnrichedEvent<SecurityEvent>> events,
                                                               TypeInformation<EnrichedEvent<SecurityEvent>> type) {
        DataStream<EnrichedEvent<SecurityEvent>> bursts = events
                .filter(e -> BurstDetection.concerns(e.event)).name("failed logins and prompt injections")
                .uid("burst-rule-events")
                .keyBy(e -> EventTopic.keyOf(e.event.getTenantId(), e.event.getOrganizationId()), Types.STRING)
                .process(new BurstDetection(), type).name("detect bursts").uid("detect-bursts");
        DataStream<EnrichedEvent<SecurityEvent>> rates = events
                .filter(e -> ApiKeyRateDetection.concerns(e.event)).name("API requests with a key")
                .uid("api-key-requests")
                .keyBy(e -> ApiKeyRateDetection.key(e.event), Types.STRING)
                .process(new ApiKeyRateDetection(apiKeyLimits), type).name("detect API keys over their rate")
                .uid("detect-api-key-rates");
        DataStream<EnrichedEvent<SecurityEvent>> voice = events
                .flatMap(new CriticalVoiceThreats(), type).name("detect critical voice threats")
                .uid("detect-critical-voice");
        return bursts.union(rates, voice);
    }

    /** E.g. {@code sink-audit-logs}: the table's name without its schema, fixed for good like every uid. */
    static String sinkUid(SecurityTable<?> table) {
        return "sink-" + table.name().substring(table.name().indexOf('.') + 1).replace('_', '-');
    }
}
