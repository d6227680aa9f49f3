package com.aybiza.jobs.quality;

import com.aybiza.events.CallEvent;
import com.aybiza.events.CallStatus;
import com.aybiza.events.CallTurn;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.ToolExecutionStatus;
import com.aybiza.jobs.calls.TurnSummary;
import com.aybiza.jobs.ingest.RawRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * An agent's figures for one UTC day, as sums, so that the contributions of calls and tool executions add up in any
 * order: one finished call ({@link #ofCall}) or one finished tool execution ({@link #ofTool}) is an AgentDay of its
 * own, and {@link #add} merges two. {@link AgentPerformanceWriter} turns the sums into the means and rates of
 * {@code quality.agent_performance_metrics}.
 *
 * <p>{@link #source} is the Kafka record of the latest contribution: a row the database refuses (its agent deleted)
 * is dead-lettered with it. A Flink POJO with a declared type ({@link #typeInfo}), no Kryo.
 */
public class AgentDay {

    public String tenantId;
    public String agentId;
    /** The UTC day, as days since 1970-01-01. */
    public long epochDay;
    public long calls;
    public long successfulCalls;
    public long failedCalls;
    public long escalatedCalls;
    public long durationSecondsSum;
    /** Summed waits of the turns that measured them (STT + LLM first token + TTS first audio), and how many. */
    public long responseWaitMsSum;
    public long responseTurns;
    /** Summed sentiment in hundredths (-100 to 100; exact, whatever the order) of the calls that reported one. */
    public long sentimentHundredthsSum;
    public long sentimentCalls;
    /** Per tool name. */
    public Map<String, ToolFigures> tools = new HashMap<>();
    public long latestEventTimeMillis = Long.MIN_VALUE;
    public RawRecord source;

    public AgentDay() {
    }

    public static TypeInformation<AgentDay> typeInfo() {
        Map<String, TypeInformation<?>> fields = new HashMap<>();
        for (String name : new String[] {"calls", "successfulCalls", "failedCalls", "escalatedCalls",
                "durationSecondsSum", "responseWaitMsSum", "responseTurns", "sentimentCalls", "sentimentHundredthsSum", "epochDay",
                "latestEventTimeMillis"}) {
            fields.put(name, Types.LONG);
        }
        fields.put("tenantId", Types.STRING);
        fields.put("agentId", Types.STRING);
        fields.put("tools", Types.MAP(Types.STRING, Types.POJO(ToolFigures.class)));
        fields.put("source", TypeInformation.of(RawRecord.class));
        return Types.POJO(AgentDay.class, fields);
    }

    /** The key of an agent's day: tenant, agent and UTC day. */
    public String key() {
        return tenantId + "|" + agentId + "|" + epochDay;
    }

    public LocalDate day() {
        return LocalDate.ofEpochDay(epochDay);
    }

    /** The first instant after the day: its window ends there. */
    public long dayEndMillis() {
        return LocalDate.ofEpochDay(epochDay + 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** How much the day has seen: it only grows as contributions come, so a larger one is the more complete. */
    public long activity() {
        return calls + tools.values().stream().mapToLong(t -> t.executions).sum();
    }

    /** A finished call's contribution to the day it ended on; null for a call without an agent. */
    public static AgentDay ofCall(CallEvent call, RawRecord source) {
        if (call.getAgentId() == null || call.getEndTime() == null) {
            return null;
        }
        AgentDay day = empty(call.getTenantId().toString(), call.getAgentId().toString(), call.getEndTime(),
                call.getEventTime(), source);
        day.calls = 1;
        day.successfulCalls = call.getStatus() == CallStatus.completed ? 1 : 0;
        day.failedCalls = call.getStatus() == CallStatus.failed ? 1 : 0;
        day.escalatedCalls = "true".equals(call.getMetadata().get("escalated")) ? 1 : 0;
        day.durationSecondsSum = call.getDurationSeconds();
        for (CallTurn turn : call.getTurns()) {
            Integer wait = TurnSummary.totalLatency(turn);
            if (wait != null) {
                day.responseWaitMsSum += wait;
                day.responseTurns++;
            }
        }
        if (call.getSentimentScore() != null) {
            day.sentimentHundredthsSum = call.getSentimentScore().movePointRight(2).longValue();
            day.sentimentCalls = 1;
        }
        return day;
    }

    /** A finished tool execution's contribution to the day it started on; null for one not finished. */
    public static AgentDay ofTool(ToolExecutionEvent tool, RawRecord source) {
        if (tool.getStatus() != ToolExecutionStatus.completed && tool.getStatus() != ToolExecutionStatus.failed) {
            return null;
        }
        AgentDay day = empty(tool.getTenantId().toString(), tool.getAgentId().toString(), tool.getStartedAt(),
                tool.getEventTime(), source);
        ToolFigures figures = new ToolFigures();
        figures.executions = 1;
        figures.failed = tool.getStatus() == ToolExecutionStatus.failed ? 1 : 0;
        if (tool.getDurationMs() != null) {
            figures.durationMsSum = tool.getDurationMs();
            figures.timedExecutions = 1;
        }
        day.tools.put(tool.getToolName(), figures);
        return day;
    }

    private static AgentDay empty(String tenantId, String agentId, Instant dayOf, Instant eventTime,
                                  RawRecord source) {
        AgentDay day = new AgentDay();
        day.tenantId = tenantId;
        day.agentId = agentId;
        day.epochDay = Math.floorDiv(dayOf.getEpochSecond(), 86_400L);
        day.latestEventTimeMillis = eventTime.toEpochMilli();
        day.source = source;
        return day;
    }

    /** Adds {@code other}, a contribution to the same agent and day, into this one. */
    public void add(AgentDay other) {
        calls += other.calls;
        successfulCalls += other.successfulCalls;
        failedCalls += other.failedCalls;
        escalatedCalls += other.escalatedCalls;
        durationSecondsSum += other.durationSecondsSum;
        responseWaitMsSum += other.responseWaitMsSum;
        responseTurns += other.responseTurns;
        sentimentHundredthsSum += other.sentimentHundredthsSum;
        sentimentCalls += other.sentimentCalls;
        other.tools.forEach((name, figures) -> tools.computeIfAbsent(name, n -> new ToolFigures()).add(figures));
        if (other.latestEventTimeMillis >= latestEventTimeMillis) {
            latestEventTimeMillis = other.latestEventTimeMillis;
            source = other.source;
        }
    }

    /** A deep copy: what is emitted must not change when the held day takes the next contribution. */
    public AgentDay copy() {
        AgentDay copy = new AgentDay();
        copy.tenantId = tenantId;
        copy.agentId = agentId;
        copy.epochDay = epochDay;
        copy.add(this);
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentDay d && Objects.equals(key(), d.key()) && calls == d.calls
                && successfulCalls == d.successfulCalls && failedCalls == d.failedCalls
                && escalatedCalls == d.escalatedCalls && durationSecondsSum == d.durationSecondsSum
                && responseWaitMsSum == d.responseWaitMsSum && responseTurns == d.responseTurns
                && sentimentHundredthsSum == d.sentimentHundredthsSum && sentimentCalls == d.sentimentCalls
                && tools.equals(d.tools);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key(), calls, tools);
    }

    @Override
    public String toString() {
        return "agent " + agentId + " on " + day() + ": " + calls + " calls (" + successfulCalls + " ok), tools "
                + tools;
    }
}
