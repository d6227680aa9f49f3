package com.aybiza.jobs.detection;

import com.aybiza.events.ApiAccessLogEntry;
import com.aybiza.events.SecurityEvent;
import com.aybiza.jobs.enrich.EnrichedEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * An API key over its rate limit: the requests of one key ({@code api_access_logs} entries, keyed by {@link #key}),
 * counted per minute of event time (tumbling, aligned to the minute). When the watermark passes a minute's end and its
 * count is above the key's {@code rate_limit.requests_per_minute}, one detection is emitted for that key and minute
 * (its id derives from both, so a replay finds it again), and the minute's state is cleared.
 *
 * <p>A request that comes after its minute was decided is counted as late ({@code lateEvents}) and left out of the
 * rule: it cannot change a decision already stored.
 */
public final class ApiKeyRateDetection extends KeyedProcessFunction<String, EnrichedEvent<SecurityEvent>,
        EnrichedEvent<SecurityEvent>> {

    private static final long serialVersionUID = 1L;

    private static final long MINUTE = 60_000L;

    private final ApiKeyLimits limits;
    private transient MapState<Long, Long> counts;
    /** The first request of each minute: the detection's trigger (its tenant, and its record if refused). */
    private transient MapState<Long, EnrichedEvent<SecurityEvent>> firstRequests;
    private transient Counter detections;
    private transient Counter lateEvents;

    public ApiKeyRateDetection(ApiKeyLimits limits) {
        this.limits = limits;
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
        detections = getRuntimeContext().getMetricGroup().counter("detections");
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public void processElement(EnrichedEvent<SecurityEvent> request, Context ctx,
                               Collector<EnrichedEvent<SecurityEvent>> out) throws Exception {
        long time = request.event.getEventTime().toEpochMilli();
        long minute = Math.floorDiv(time, MINUTE) * MINUTE;
        if (minute + MINUTE - 1 <= ctx.timerService().currentWatermark()) {
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
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnrichedEvent<SecurityEvent>> out)
            throws Exception {
        long minute = timestamp + 1 - MINUTE;
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

    @Override
    public void close() {
        limits.close();
    }
}
