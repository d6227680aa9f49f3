package com.aybiza.jobs.calls;

import com.aybiza.events.CallEvent;
import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventTopic;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.jobs.FrontStage;
import com.aybiza.jobs.FrontStageSettings;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.PreparedEvents;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.ingest.ContractFields;
import com.aybiza.jobs.ingest.IngestKafka;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.jobs.ingest.RefusedRowDeadLetters;
import com.aybiza.jobs.ingest.SourcedEvent;
import com.aybiza.sinks.postgres.PostgresSink;
import com.aybiza.sinks.postgres.TableWriter;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Calls: the calls and tool-executions topics into {@code call_analytics.calls} and
 * {@code agent_intelligence.tool_executions} (upserts that only move forward: {@link CallsWriter},
 * {@link ToolExecutionsWriter}), and each finished call, joined in event time with its tool outcomes
 * ({@link FinishedCallJoin}), into {@code call_analytics.call_analytics} and {@code call_analytics.detailed_metrics}
 * (written once: {@link CallAnalyticsWriter}, {@link DetailedMetricsWriter}). Every write is idempotent, so a replay
 * without state changes nothing. The topology takes its ends ({@link #builder()}); {@link #production} plugs in Kafka
 * and PostgreSQL.
 */
public final class CallAnalyticsJob {

    private final Source<RawRecord, ?, ?> callsTopic;
    private final Source<RawRecord, ?, ?> toolExecutionsTopic;
    private final Sink<EnrichedEvent<CallEvent>> calls;
    private final Sink<EnrichedEvent<ToolExecutionEvent>> toolExecutions;
    private final Sink<FinishedCall> callAnalytics;
    private final Sink<FinishedCall> detailedMetrics;
    private final Sink<DeadLetter> deadLetters;
    private final FrontStageSettings frontStage;
    private final CallAnalyticsSettings settings;

    private CallAnalyticsJob(Builder b) {
        this.callsTopic = b.callsTopic;
        this.toolExecutionsTopic = b.toolExecutionsTopic;
        this.calls = b.calls;
        this.toolExecutions = b.toolExecutions;
        this.callAnalytics = b.callAnalytics;
        this.detailedMetrics = b.detailedMetrics;
        this.deadLetters = b.deadLetters;
        this.frontStage = b.frontStage;
        this.settings = b.settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The topology with Kafka sources and PostgreSQL sinks, as {@code settings} say. */
    public static CallAnalyticsJob production(JobSettings settings) {
        return builder()
                .callsTopic(InputTopics.source(settings, EventTopic.CALLS))
                .toolExecutionsTopic(InputTopics.source(settings, EventTopic.TOOL_EXECUTIONS))
                .calls(callsSink(settings))
                .toolExecutions(toolExecutionsSink(settings))
                .callAnalytics(callAnalyticsSink(settings))
                .detailedMetrics(detailedMetricsSink(settings))
                .deadLetters(IngestKafka.deadLetterSink(settings.bootstrapServers()))
                .frontStage(settings.frontStage())
                .settings(CallAnalyticsSettings.defaults())
                .build();
    }

    public static PostgresSink<EnrichedEvent<CallEvent>> callsSink(JobSettings settings) {
        return postgresSink(settings, "call_analytics.calls", new CallsWriter<>());
    }

    public static PostgresSink<EnrichedEvent<ToolExecutionEvent>> toolExecutionsSink(JobSettings settings) {
        return postgresSink(settings, "agent_intelligence.tool_executions", new ToolExecutionsWriter<>());
    }

    public static PostgresSink<FinishedCall> callAnalyticsSink(JobSettings settings) {
        return postgresSink(settings, "call_analytics.call_analytics", new CallAnalyticsWriter());
    }

    public static PostgresSink<FinishedCall> detailedMetricsSink(JobSettings settings) {
        return postgresSink(settings, "call_analytics.detailed_metrics", new DetailedMetricsWriter());
    }

    /** A sink of {@code table}; rows the database refuses go to their source topic's dead-letter twin. */
    private static <T extends SourcedEvent<?>> PostgresSink<T> postgresSink(JobSettings settings, String table,
                                                                          TableWriter<T> writer) {
        var database = settings.database();
        return PostgresSink.<T>builder()
                .name(table)
                .connections(() -> database.open(Duration.ofSeconds(30)))
                .writer(writer)
                .refusedRows(new RefusedRowDeadLetters<>(settings.bootstrapServers(), settings.kafkaProperties()))
                .options(settings.sinkOptions())
                .build();
    }

    /** Adds the topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> rawCalls = env.fromSource(callsTopic, WatermarkStrategy.noWatermarks(), "calls topic")
                .uid("source-calls");
        DataStream<RawRecord> rawTools = env.fromSource(toolExecutionsTopic, WatermarkStrategy.noWatermarks(),
                "tool executions topic").uid("source-tool-executions");
        PreparedEvents<CallEvent> callEvents = FrontStage.prepare(rawCalls, CallEvent.class, frontStage);
        PreparedEvents<ToolExecutionEvent> toolEvents = FrontStage.prepare(rawTools, ToolExecutionEvent.class,
                frontStage);

        // Forward from de-duplication, which is keyed by tenant and call (execution): each call's events reach one
        // writer, in partition order; the writers do not depend on that order anyway.
        callEvents.events().sinkTo(calls).name("call_analytics.calls").uid("sink-calls");
        toolEvents.events().sinkTo(toolExecutions).name("agent_intelligence.tool_executions")
                .uid("sink-tool-executions");

        KeyedStream<EnrichedEvent<CallEvent>, String> finishedCalls = callEvents.events()
                .assignTimestampsAndWatermarks(eventTime())
                .name("event time of calls").uid("event-time-calls")
                .filter(call -> LifecycleOrder.CALL.isFinal(CallRow.status(call.event)))
                .name("finished calls").uid("finished-calls")
                .keyBy(call -> FinishedCallJoin.key(call.event.getTenantId(), call.event.getCallSid()), Types.STRING);
        KeyedStream<EnrichedEvent<ToolExecutionEvent>, String> toolOutcomes = toolEvents.events()
                .assignTimestampsAndWatermarks(eventTime())
                .name("event time of tool executions").uid("event-time-tool-executions")
                .filter(tool -> tool.event.getCallSid() != null)
                .name("tool executions of calls").uid("tool-executions-of-calls")
                .keyBy(tool -> FinishedCallJoin.key(tool.event.getTenantId(), tool.event.getCallSid()), Types.STRING);
        SingleOutputStreamOperator<FinishedCall> finished = finishedCalls.connect(toolOutcomes)
                .process(new FinishedCallJoin(settings), FinishedCall.typeInfo())
                .name("join finished calls with tool outcomes").uid("join-finished-calls");
        finished.sinkTo(callAnalytics).name("call_analytics.call_analytics").uid("sink-call-analytics");
        finished.sinkTo(detailedMetrics).name("call_analytics.detailed_metrics").uid("sink-detailed-metrics");

        callEvents.deadLetters().union(toolEvents.deadLetters()).sinkTo(deadLetters)
                .name("dead letters of calls and tool executions").uid("dead-letters-calls");
    }

    /**
     * Watermarks from event_time, per stream, after de-duplication: bounded out-of-orderness, and idleness so that a
     * part of the stream without traffic (a quiet hour, no tool executions) does not hold the join back.
     */
    private <E extends SourcedEvent<?>> WatermarkStrategy<E> eventTime() {
        return WatermarkStrategy.<E>forBoundedOutOfOrderness(settings.outOfOrderness())
                .withTimestampAssigner((e, recordTimestamp) -> eventTimeMillis(e))
                .withIdleness(settings.idleness());
    }

    private static long eventTimeMillis(SourcedEvent<?> e) {
        return ContractFields.eventTime(e.event).toEpochMilli();
    }

    /** Checks that every end is given before the job is built. */
    public static final class Builder {
        private Source<RawRecord, ?, ?> callsTopic;
        private Source<RawRecord, ?, ?> toolExecutionsTopic;
        private Sink<EnrichedEvent<CallEvent>> calls;
        private Sink<EnrichedEvent<ToolExecutionEvent>> toolExecutions;
        private Sink<FinishedCall> callAnalytics;
        private Sink<FinishedCall> detailedMetrics;
        private Sink<DeadLetter> deadLetters;
        private FrontStageSettings frontStage;
        private CallAnalyticsSettings settings = CallAnalyticsSettings.defaults();

        private Builder() {
        }

        /** The raw records of {@code aybiza.calls.v1}. */
        public Builder callsTopic(Source<RawRecord, ?, ?> source) {
            this.callsTopic = source;
            return this;
        }

        /** The raw records of {@code aybiza.tool-executions.v1}. */
        public Builder toolExecutionsTopic(Source<RawRecord, ?, ?> source) {
            this.toolExecutionsTopic = source;
            return this;
        }

        public Builder calls(Sink<EnrichedEvent<CallEvent>> sink) {
            this.calls = sink;
            return this;
        }

        public Builder toolExecutions(Sink<EnrichedEvent<ToolExecutionEvent>> sink) {
            this.toolExecutions = sink;
            return this;
        }

        public Builder callAnalytics(Sink<FinishedCall> sink) {
            this.callAnalytics = sink;
            return this;
        }

        public Builder detailedMetrics(Sink<FinishedCall> sink) {
            this.detailedMetrics = sink;
            return this;
        }

        public Builder deadLetters(Sink<DeadLetter> sink) {
            this.deadLetters = sink;
            return this;
        }

        public Builder frontStage(FrontStageSettings frontStage) {
            this.frontStage = frontStage;
            return this;
        }

        public Builder settings(CallAnalyticsSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public CallAnalyticsJob build() {
            require(callsTopic, "callsTopic");
            require(toolExecutionsTopic, "toolExecutionsTopic");
            require(calls, "calls");
            require(toolExecutions, "toolExecutions");
            require(callAnalytics, "callAnalytics");
            require(detailedMetrics, "detailedMetrics");
            require(deadLetters, "deadLetters");
            require(frontStage, "frontStage");
            return new CallAnalyticsJob(this);
        }

        private static void require(Object end, String name) {
            if (end == null) {
                throw new IllegalStateException("the calls job has no " + name + "; call " + name + "(...)");
            }
        }
    }
}
