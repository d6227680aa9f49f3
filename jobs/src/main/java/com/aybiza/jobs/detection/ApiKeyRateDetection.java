package com.aybiza.jobs.detection;

import com.aybiza.events.ApiAccessLogEntry;
import com.aybiza.events.SecurityEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * An API key over its rate limit: the requests of one key ({@code api_access_logs} entries, keyed by {@link #key}),
 * counted per minute of event time (tumbling, aligned to the minute). When the watermark passes a minute's end and its
 * count is above the key's {@code rate_limit.requests_per_minute}, one detection is emitted for that key and minute
 * (its id derives from both, so a replay finds it again), and the minute's state is cleared.
 *
 * <p>A key's requests come in order from one partition, so a minute is also decided once the key's latest request is
 * past its end by the out-of-orderness, or once the key has been quiet for {@code quiet} of processing time: the
 * watermark alone would keep the last minute of a key whose traffic stopped open until the next traffic.
 *
 * <p>A request that comes after its minute was decided is counted as late ({@code lateEvents}) and left out of the
 * rule: it cannot change a decision already stored.
 */
public final class ApiKeyRateDetection extends KeyedProcessFunction<String, EnrichedEvent<SecurityEvent>,
        EnrichedEvent<SecurityEvent>> {

    private static final long serialVersionUID = 1L;

    private static final long MINUTE = 60_000L;

    private final ApiKeyLimits limits;
    private final long outOfOrdernessMillis;
    private final long quietMillis;
    private transient MapState<Long, Long> counts;
    /** The latest request time of the key, and the processing-time release of a quiet key. */
    private transient ValueState<Long> latestSeen;
    private transient ValueState<Long> quietTimer;
    /** The first request of each minute: the detection's trigger (its tenant, and its record if refused). */
    private transient MapState<Long, EnrichedEvent<SecurityEvent>> firstRequests;
    private transient Counter detections;
    private transient Counter lateEvents;

    /**
     * @param outOfOrderness how far behind the key's latest request a request may still come in order
     * @param quiet          how long, in processing time, a key without new requests waits for its open minutes
     */
    public ApiKeyRateDetection(ApiKeyLimits limits, Duration outOfOrderness, Duration quiet) {
        this.limits = limits;
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.quietMillis = quiet.toMillis();
    }

    /** Whether the rule counts {@code event}: an API request made with a key. */
    public static boolean concerns(SecurityEvent event) {
        return event.getPayload() instanceof ApiAccessLogEntry access && access.getApiKeyId() != null;
    }

    public static String key(SecurityEvent event) {
        return ((ApiAccessLogEntry) event.getPayload()).getApiKeyId().toString();
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("requests-per-minute", Types.LONG,
                Types.LONG));
        firstRequests = getRuntimeContext().getMapState(new MapStateDescriptor<>("first-request", Types.LONG,
                EnrichedEvent.enrichedTypeInfo(SecurityEvent.class)));
        latestSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("latest-seen", Types.LONG));
        quietTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("quiet-timer", Types.LONG));
        detections = getRuntimeContext().getMetricGroup().counter("detections");
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public void processElement(EnrichedEvent<SecurityEvent> request, Context ctx,
                               Collector<EnrichedEvent<SecurityEvent>> out) throws Exception {
        long time = request.event.getEventTime().toEpochMilli();
        long minute = Math.floorDiv(time, MINUTE) * MINUTE;
        if (minute + MINUTE - 1 <= ctx.timerService().currentWatermark() || decided(minute)) {
            lateEvents.inc();
            return;
        }
        Long count = counts.get(minute);
        if (count == null) {
            firstRequests.put(minute, request);
            ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
            count = 0L;
        }
        counts.put(minute, count + 1);
        Long latest = latestSeen.value();
        if (latest == null || time > latest) {
            latestSeen.update(time);
            latest = time;
        }
        // A key's requests come in order from one partition, give or take the out-of-orderness: decide the minutes
        // that far behind its latest request without waiting for the watermark; a quiet key's after the quiet time.
        decideUpTo(latest - outOfOrdernessMillis, ctx, out);
        Long quietAt = quietTimer.value();
        if (quietAt != null) {
            ctx.timerService().deleteProcessingTimeTimer(quietAt);
        }
        long at = ctx.timerService().currentProcessingTime() + quietMillis;
        ctx.timerService().registerProcessingTimeTimer(at);
        quietTimer.update(at);
    }

    /** Decides every open minute that ended at or before {@code limit}. */
    private void decideUpTo(long limit, Context ctx, Collector<EnrichedEvent<SecurityEvent>> out) throws Exception {
        List<Long> ended = new ArrayList<>();
        for (Long minute : counts.keys()) {
            if (minute + MINUTE - 1 <= limit) {
                ended.add(minute);
            }
        }
        ended.sort(Long::compare);
        for (long minute : ended) {
            ctx.timerService().deleteEventTimeTimer(minute + MINUTE - 1);
            decide(minute, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnrichedEvent<SecurityEvent>> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            quietTimer.clear();
            decideUpTo(Long.MAX_VALUE, ctx, out); // the key went quiet: no more requests of its minutes are coming
        } else {
            decide(timestamp + 1 - MINUTE, out);
        }
        if (counts.isEmpty()) {
            latestSeen.clear();
            Long quietAt = quietTimer.value();
            if (quietAt != null && ctx.timeDomain() == TimeDomain.EVENT_TIME) {
                ctx.timerService().deleteProcessingTimeTimer(quietAt);
                quietTimer.clear();
            }
        }
    }

    private void decide(long minute, Collector<EnrichedEvent<SecurityEvent>> out) throws Exception {
        Long count = counts.get(minute);
        EnrichedEvent<SecurityEvent> first = firstRequests.get(minute);
        counts.remove(minute);
        firstRequests.remove(minute);
        if (count == null || first == null) {
            return;
        }
        ApiAccessLogEntry access = (ApiAccessLogEntry) first.event.getPayload();
        Integer limit = limits.requestsPerMinute(access.getApiKeyId());
        if (limit == null || count <= limit) {
            return;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("api_key_id", access.getApiKeyId().toString());
        evidence.put("minute_start", Detection.iso(minute));
        evidence.put("requests", count);
        evidence.put("requests_per_minute_limit", limit);
        evidence.put("first_request_event_id", first.event.getEventId().toString());
        out.collect(Detection.of(Detection.Kind.API_KEY_RATE, first, access.getApiKeyId() + "/" + minute,
                access.getIpAddress(), access.getUserId(), access.getApiKeyId(), evidence, count
                        + " requests in the minute from " + Detection.iso(minute) + ", over the key's limit of "
                        + limit + " per minute"));
        detections.inc();
    }

    /** Whether the minute was decided already: older than the latest request by more than a minute and no count. */
    private boolean decided(long minute) throws Exception {
        Long latest = latestSeen.value();
        return latest != null && minute + MINUTE - 1 <= latest - outOfOrdernessMillis && !counts.contains(minute);
    }

    @Override
    public void close() {
        limits.close();
    }
}
