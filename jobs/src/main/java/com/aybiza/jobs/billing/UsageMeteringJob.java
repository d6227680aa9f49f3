package com.aybiza.jobs.billing;

import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventTopic;
import com.aybiza.events.UsageEvent;
import com.aybiza.jobs.FrontStage;
import com.aybiza.jobs.FrontStageSettings;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.PreparedEvents;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.ingest.IngestKafka;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.jobs.ingest.RefusedRowDeadLetters;
import com.aybiza.jobs.ingest.SourceEventTime;
import com.aybiza.sinks.postgres.PostgresSink;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Billing: the usage topic into {@code billing.usage_metering}, exactly once (see {@link UsageMeteringWriter}).
 * The topology takes its ends, so tests run the one that ships with their own; {@link #production} plugs in Kafka
 * and PostgreSQL.
 */
public final class UsageMeteringJob {

    private final Source<RawRecord, ?, ?> usageTopic;
    private final Sink<EnrichedEvent<UsageEvent>> usageMetering;
    private final Sink<DeadLetter> deadLetters;
    private final FrontStageSettings frontStage;

    public UsageMeteringJob(Source<RawRecord, ?, ?> usageTopic, Sink<EnrichedEvent<UsageEvent>> usageMetering,
                            Sink<DeadLetter> deadLetters, FrontStageSettings frontStage) {
        this.usageTopic = usageTopic;
        this.usageMetering = usageMetering;
        this.deadLetters = deadLetters;
        this.frontStage = frontStage;
    }

    public static UsageMeteringJob production(JobSettings settings) {
        return new UsageMeteringJob(InputTopics.source(settings, EventTopic.USAGE), usageMeteringSink(settings),
                IngestKafka.deadLetterSink(settings.bootstrapServers(), settings.kafkaProperties()),
                settings.frontStage());
    }

    /** The sink of usage rows; rows the database refuses go to the usage topic's dead-letter twin. */
    public static PostgresSink<EnrichedEvent<UsageEvent>> usageMeteringSink(JobSettings settings) {
        var database = settings.database();
        return PostgresSink.<EnrichedEvent<UsageEvent>>builder()
                .name("billing.usage_metering")
                .connections(() -> database.open(Duration.ofSeconds(30)))
                .writer(new UsageMeteringWriter<>())
                .refusedRows(RefusedRowDeadLetters.ofEvents(settings.bootstrapServers(), settings.kafkaProperties()))
                .options(settings.sinkOptions())
                // Every operator of the jobs lets go of a row once passed on (PostgresSink.Builder#rowsNotKeptUpstream).
                .rowsNotKeptUpstream()
                .build();
    }

    /** Adds the topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> raw = env.fromSource(usageTopic, SourceEventTime.watermarks(frontStage.ingest()), "usage topic")
                .uid("source-usage");
        PreparedEvents<UsageEvent> prepared = FrontStage.prepare(raw, UsageEvent.class, frontStage);
        // Forward from de-duplication, which is keyed by tenant and billed target: a target and its corrections
        // reach one writer, one batch after the other, as the settlement needs.
        prepared.events().sinkTo(usageMetering).name("billing.usage_metering").uid("sink-usage-metering");
        prepared.deadLetters().sinkTo(deadLetters).name("dead letters of usage").uid("dead-letters-usage");
    }
}
