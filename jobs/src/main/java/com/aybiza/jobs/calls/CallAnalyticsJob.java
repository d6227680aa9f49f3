package com.aybiza.jobs.calls;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallTurnEvent;
import com.aybiza.events.DeadLetter;
import com.aybiza.events.EventTopic;
import com.aybiza.events.ToolExecutionEvent;
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
import com.aybiza.jobs.ingest.SourcedEvent;
import com.aybiza.jobs.live.LiveStateSinks;
import com.aybiza.jobs.live.LiveStateTopology;
import com.aybiza.jobs.quality.AgentDay;
import com.aybiza.jobs.quality.AgentDayAggregation;
import com.aybiza.jobs.quality.AgentPerformanceSettings;
import com.aybiza.jobs.quality.AgentPerformanceWriter;
import com.aybiza.jobs.quality.CallQualityScoresWriter;
import com.aybiza.sinks.postgres.PostgresSink;
import com.aybiza.sinks.postgres.TableWriter;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Calls: the calls and tool-executions topics into {@code call_analytics.calls} and
 * {@code agent_intelligence.tool_executions} (upserts that only move forward: {@link CallsWriter},
 * {@link ToolExecutionsWriter}), and each finished call, joined in event time with its tool outcomes
 * ({@link FinishedCallJoin}), into {@code call_analytics.call_analytics} and {@code call_analytics.detailed_metrics}
 * (written once: {@link CallAnalyticsWriter}, {@link DetailedMetricsWriter}), with a quality score per answered call
 * ({@link CallQualityScoresWriter}); and each agent's day from its calls and tool executions ({@link AgentDayAggregation},
 * {@link AgentPerformanceWriter}). Every write is idempotent, so a replay
 * without state changes nothing. The topology takes its ends ({@link #builder()}); {@link #production} plugs in Kafka
 * and PostgreSQL.
 */
public final class CallAnalyticsJob {

    private final Source<RawRecord, ?, ?> callsTopic;
    private final Source<RawRecord, ?, ?> toolExecutionsTopic;
    private final Source<RawRecord, ?, ?> callTurnsTopic;
    private final LiveStateSinks liveState;
    private final Sink<EnrichedEvent<CallEvent>> calls;
    private final Sink<EnrichedEvent<ToolExecutionEvent>> toolExecutions;
    private final Sink<FinishedCall> callAnalytics;
    private final Sink<FinishedCall> detailedMetrics;
    private final Sink<FinishedCall> callQualityScores;
    private final Sink<AgentDay> agentPerformance;
    private final Sink<DeadLetter> deadLetters;
    private final FrontStageSettings frontStage;
    private final CallAnalyticsSettings settings;
    private final AgentPerformanceSettings performance;

    private CallAnalyticsJob(Builder b) {
        this.callsTopic = b.callsTopic;
        this.toolExecutionsTopic = b.toolExecutionsTopic;
        this.callTurnsTopic = b.callTurnsTopic;
        this.liveState = b.liveState;
        this.calls = b.calls;
        this.toolExecutions = b.toolExecutions;
        this.callAnalytics = b.callAnalytics;
        this.detailedMetrics = b.detailedMetrics;
        this.callQualityScores = b.callQualityScores;
        this.agentPerformance = b.agentPerformance;
        this.deadLetters = b.deadLetters;
        this.frontStage = b.frontStage;
        this.settings = b.settings;
        this.performance = b.performance;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The topology with Kafka sources and PostgreSQL sinks, as {@code settings} say. */
    public static CallAnalyticsJob production(JobSettings settings) {
        return builder()
                .callsTopic(InputTopics.source(settings, EventTopic.CALLS))
                .toolExecutionsTopic(InputTopics.source(settings, EventTopic.TOOL_EXECUTIONS))
                .callTurnsTopic(InputTopics.source(settings, EventTopic.CALL_TURNS))
                .liveState(settings.liveState() == null ? null : LiveStateSinks.dynamoDb(settings.liveState()))
                .calls(callsSink(settings))
                .toolExecutions(toolExecutionsSink(settings))
                .callAnalytics(callAnalyticsSink(settings))
                .detailedMetrics(detailedMetricsSink(settings))
                .callQualityScores(callQualityScoresSink(settings))
                .agentPerformance(agentPerformanceSink(settings))
                .deadLetters(IngestKafka.deadLetterSink(settings.bootstrapServers(), settings.kafkaProperties()))
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

    public static PostgresSink<FinishedCall> callQualityScoresSink(JobSettings settings) {
        return postgresSink(settings, "quality.call_quality_scores", new CallQualityScoresWriter());
    }

    /** A day's row the database refuses (its agent deleted) is dead-lettered as its latest contribution. */
    public static PostgresSink<AgentDay> agentPerformanceSink(JobSettings settings) {
        return postgresSink(settings, "quality.agent_performance_metrics", new AgentPerformanceWriter(),
                new RefusedRowDeadLetters<>(settings.bootstrapServers(), settings.kafkaProperties(),
                        day -> day.source));
    }

    /** A sink of {@code table}; rows the database refuses go to their source topic's dead-letter twin. */
    private static <T extends SourcedEvent<?>> PostgresSink<T> postgresSink(JobSettings settings, String table,
                                                                          TableWriter<T> writer) {
        return postgresSink(settings, table, writer,
                RefusedRowDeadLetters.ofEvents(settings.bootstrapServers(), settings.kafkaProperties()));
    }

    private static <T> PostgresSink<T> postgresSink(JobSettings settings, String table, TableWriter<T> writer,
                                                    RefusedRowDeadLetters<T> refused) {
        var database = settings.database();
        return PostgresSink.<T>builder()
                .name(table)
                .connections(() -> database.open(Duration.ofSeconds(30)))
                .writer(writer)
                .refusedRows(refused)
                .options(settings.sinkOptions())
                // Every operator of the jobs lets go of a row once passed on (PostgresSink.Builder#rowsNotKeptUpstream).
                .rowsNotKeptUpstream()
                .build();
    }

    /** Adds the topology to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> rawCalls = env.fromSource(callsTopic, SourceEventTime.watermarks(frontStage.ingest()), "calls topic")
                .uid("source-calls");
        DataStream<RawRecord> rawTools = env.fromSource(toolExecutionsTopic, SourceEventTime.watermarks(frontStage.ingest()),
                "tool executions topic").uid("source-tool-executions");
        PreparedEvents<CallEvent> callEvents = FrontStage.prepare(rawCalls, CallEvent.class, frontStage);
        PreparedEvents<ToolExecutionEvent> toolEvents = FrontStage.prepare(rawTools, ToolExecutionEvent.class,
                frontStage);
        // The turns of calls in progress feed live state only; they are read and checked whatever is configured, so
        // that a bad one is dead-lettered and seen.
        DataStream<RawRecord> rawTurns = env.fromSource(callTurnsTopic, SourceEventTime.watermarks(frontStage.ingest()),
                "call turns topic").uid("source-call-turns");
        PreparedEvents<CallTurnEvent> turnEvents = FrontStage.prepare(rawTurns, CallTurnEvent.class, frontStage);
        if (liveState != null) {
            LiveStateTopology.attach(callEvents.events(), toolEvents.events(), turnEvents.events(), liveState);
        }

        // Forward from de-duplication, which is keyed by tenant and call (execution): each call's events reach one
        // writer, in partition order; the writers do not depend on that order anyway.
        callEvents.events().sinkTo(calls).name("call_analytics.calls").uid("sink-calls");
        toolEvents.events().sinkTo(toolExecutions).name("agent_intelligence.tool_executions")
                .uid("sink-tool-executions");

        // Event time comes from the sources, per Kafka partition (SourceEventTime).
        KeyedStream<EnrichedEvent<CallEvent>, String> finishedCalls = callEvents.events()
                .filter(call -> LifecycleOrder.CALL.isFinal(CallRow.status(call.event)))
                .name("finished calls").uid("finished-calls")
                .keyBy(call -> FinishedCallJoin.key(call.event.getTenantId(), call.event.getCallSid()), Types.STRING);
        DataStream<EnrichedEvent<ToolExecutionEvent>> timedTools = toolEvents.events();
        KeyedStream<EnrichedEvent<ToolExecutionEvent>, String> toolOutcomes = timedTools
                .filter(tool -> tool.event.getCallSid() != null)
                .name("tool executions of calls").uid("tool-executions-of-calls")
                .keyBy(tool -> FinishedCallJoin.key(tool.event.getTenantId(), tool.event.getCallSid()), Types.STRING);
        SingleOutputStreamOperator<FinishedCall> finished = finishedCalls.connect(toolOutcomes)
                .process(new FinishedCallJoin(settings), FinishedCall.typeInfo())
                .name("join finished calls with tool outcomes").uid("join-finished-calls");
        finished.sinkTo(callAnalytics).name("call_analytics.call_analytics").uid("sink-call-analytics");
        finished.sinkTo(detailedMetrics).name("call_analytics.detailed_metrics").uid("sink-detailed-metrics");
        finished.filter(CallQualityScoresWriter::scores).name("answered calls with an agent").uid("scored-calls")
                .sinkTo(callQualityScores).name("quality.call_quality_scores").uid("sink-call-quality-scores");

        // Each agent's day, from its finished calls (the day they ended) and tool executions (the day they started).
        DataStream<AgentDay> callDays = finished
                .flatMap((FinishedCall call, Collector<AgentDay> out) -> emitIfAny(AgentDay.ofCall(call.event,
                        call.source), out), AgentDay.typeInfo())
                .name("agent days of calls").uid("agent-days-of-calls");
        DataStream<AgentDay> toolDays = timedTools
                .flatMap((EnrichedEvent<ToolExecutionEvent> tool, Collector<AgentDay> out) -> emitIfAny(
                        AgentDay.ofTool(tool.event, tool.source), out), AgentDay.typeInfo())
                .name("agent days of tool executions").uid("agent-days-of-tools");
        callDays.union(toolDays)
                .keyBy(AgentDay::key, Types.STRING)
                .process(new AgentDayAggregation(performance), AgentDay.typeInfo())
                .name("agent days").uid("agent-days")
                .sinkTo(agentPerformance).name("quality.agent_performance_metrics").uid("sink-agent-performance");

        callEvents.deadLetters().union(toolEvents.deadLetters(), turnEvents.deadLetters()).sinkTo(deadLetters)
                .name("dead letters of calls and tool executions").uid("dead-letters-calls");
    }

    private static void emitIfAny(AgentDay day, Collector<AgentDay> out) {
        if (day != null) {
            out.collect(day);
        }
    }

    /** Checks that every end is given before the job is built. */
    public static final class Builder {
        private Source<RawRecord, ?, ?> callsTopic;
        private Source<RawRecord, ?, ?> toolExecutionsTopic;
        private Source<RawRecord, ?, ?> callTurnsTopic;
        private LiveStateSinks liveState;
        private Sink<EnrichedEvent<CallEvent>> calls;
        private Sink<EnrichedEvent<ToolExecutionEvent>> toolExecutions;
        private Sink<FinishedCall> callAnalytics;
        private Sink<FinishedCall> detailedMetrics;
        private Sink<FinishedCall> callQualityScores;
        private Sink<AgentDay> agentPerformance;
        private Sink<DeadLetter> deadLetters;
        private FrontStageSettings frontStage;
        private CallAnalyticsSettings settings = CallAnalyticsSettings.defaults();
        private AgentPerformanceSettings performance = AgentPerformanceSettings.defaults();

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

        /** The raw records of {@code aybiza.call-turns.v1}. */
        public Builder callTurnsTopic(Source<RawRecord, ?, ?> source) {
            this.callTurnsTopic = source;
            return this;
        }

        /** Where live call state goes; null (the default) writes none. */
        public Builder liveState(LiveStateSinks sinks) {
            this.liveState = sinks;
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

        public Builder callQualityScores(Sink<FinishedCall> sink) {
            this.callQualityScores = sink;
            return this;
        }

        public Builder agentPerformance(Sink<AgentDay> sink) {
            this.agentPerformance = sink;
            return this;
        }

        public Builder performance(AgentPerformanceSettings performance) {
            this.performance = Objects.requireNonNull(performance, "performance");
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
            require(callTurnsTopic, "callTurnsTopic");
            require(calls, "calls");
            require(toolExecutions, "toolExecutions");
            require(callAnalytics, "callAnalytics");
            require(detailedMetrics, "detailedMetrics");
            require(callQualityScores, "callQualityScores");
            require(agentPerformance, "agentPerformance");
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
