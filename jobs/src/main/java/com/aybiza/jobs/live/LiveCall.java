package com.aybiza.jobs.live;

import com.aybiza.events.CallTurn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * What live state knows of one call in progress: its lifecycle so far, its turns (as the completed call will carry
 * them, with the tool wait of each beside), its tool executions and running cost. A Flink POJO with a declared type.
 */
public class LiveCall {

    /** At most this many turns are kept for the percentiles and the running score: the most recent ones. */
    static final int MAX_TURNS = 200;

    public String tenantId;
    public String agentId;
    public String callSid;
    public long startMillis;
    public String status;
    public Long answeredMillis;
    public Long endedMillis;
    public List<CallTurn> turns = new ArrayList<>();
    /** Per turn in {@link #turns} (kept in turn order): the time spent in tools, -1 when none was reported. */
    public List<Integer> toolWaits = new ArrayList<>();
    public long turnCount;
    public long interruptions;
    /** Per tool execution of the call: its latest status. */
    public Map<String, String> executions = new HashMap<>();
    /** Sum of the turns' cost, in millionths of a USD (exact). */
    public long costMicroUsd;
    /** The caller's sentiment so far in hundredths, or null; and the event time it was measured at. */
    public Integer sentimentHundredths;
    public long sentimentAtMillis = Long.MIN_VALUE;
    /** The edge's quality score at the end in hundredths, or null. */
    public Integer edgeScoreHundredths;
    public long latestEventMillis = Long.MIN_VALUE;

    public LiveCall() {
    }

    static TypeInformation<LiveCall> typeInfo() {
        Map<String, TypeInformation<?>> fields = new HashMap<>();
        fields.put("tenantId", Types.STRING);
        fields.put("agentId", Types.STRING);
        fields.put("callSid", Types.STRING);
        fields.put("startMillis", Types.LONG);
        fields.put("status", Types.STRING);
        fields.put("answeredMillis", Types.LONG);
        fields.put("endedMillis", Types.LONG);
        fields.put("turns", Types.LIST(new AvroTypeInfo<>(CallTurn.class)));
        fields.put("toolWaits", Types.LIST(Types.INT));
        fields.put("turnCount", Types.LONG);
        fields.put("interruptions", Types.LONG);
        fields.put("executions", Types.MAP(Types.STRING, Types.STRING));
        fields.put("costMicroUsd", Types.LONG);
        fields.put("sentimentHundredths", Types.INT);
        fields.put("edgeScoreHundredths", Types.INT);
        fields.put("sentimentAtMillis", Types.LONG);
        fields.put("latestEventMillis", Types.LONG);
        return Types.POJO(LiveCall.class, fields);
    }

    boolean ended() {
        return endedMillis != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LiveCall c && Objects.equals(callSid, c.callSid) && Objects.equals(status, c.status)
                && turnCount == c.turnCount && Objects.equals(turns, c.turns) && Objects.equals(executions, c.executions)
                && costMicroUsd == c.costMicroUsd && Objects.equals(endedMillis, c.endedMillis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(callSid, status, turnCount);
    }
}
