package com.aybiza.jobs.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** What live state knows of one agent's current session (its UTC day of activity). A Flink POJO with a declared type. */
public class AgentSession {

    static final int RECENT_TURNS = 5;

    public String tenantId;
    public String agentId;
    public String model;
    /** Calls in progress: call_sid to its latest event time. */
    public Map<String, Long> liveCalls = new HashMap<>();
    /** Tool executions running: execution_id to "tool name|call_sid". */
    public Map<String, String> activeTools = new HashMap<>();
    /**
     * Calls and executions already over, to their event time: a start or a turn that arrives after the end (the topics
     * are read at their own speeds) must not count them as in progress again. Kept for an hour.
     */
    public Map<String, Long> over = new HashMap<>();
    /** The latest turns, oldest first, each as a JSON object. */
    public List<String> recentTurns = new ArrayList<>();
    public long day;
    public long turnsToday;
    public long callsToday;
    public long latestEventMillis;

    public AgentSession() {
    }

    static TypeInformation<AgentSession> typeInfo() {
        Map<String, TypeInformation<?>> fields = new HashMap<>();
        fields.put("tenantId", Types.STRING);
        fields.put("agentId", Types.STRING);
        fields.put("model", Types.STRING);
        fields.put("liveCalls", Types.MAP(Types.STRING, Types.LONG));
        fields.put("activeTools", Types.MAP(Types.STRING, Types.STRING));
        fields.put("over", Types.MAP(Types.STRING, Types.LONG));
        fields.put("recentTurns", Types.LIST(Types.STRING));
        fields.put("day", Types.LONG);
        fields.put("turnsToday", Types.LONG);
        fields.put("callsToday", Types.LONG);
        fields.put("latestEventMillis", Types.LONG);
        return Types.POJO(AgentSession.class, fields);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentSession s && Objects.equals(agentId, s.agentId) && day == s.day
                && Objects.equals(liveCalls, s.liveCalls) && Objects.equals(activeTools, s.activeTools)
                && Objects.equals(recentTurns, s.recentTurns) && turnsToday == s.turnsToday;
    }

    @Override
    public int hashCode() {
        return Objects.hash(agentId, day, turnsToday);
    }
}
