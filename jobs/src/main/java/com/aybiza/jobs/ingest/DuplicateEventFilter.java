package com.aybiza.jobs.ingest;

import com.aybiza.events.EventCodec;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The last stage, keyed by the event's scope (its tenant, else its organization: {@link ContractFields#scopeKey}):
 * drops exact duplicates. The contract makes event_id the idempotency key within that scope, so a producer's retry
 * carries the same id and the same content; the second copy is dropped and counted ({@code duplicatesDropped} on
 * the job's dashboard). The same id with other content is not a retry but two facts under one key: the later one is
 * dead-lettered under stage {@value DeadLetters#DEDUPLICATE}, so nothing is billed twice and nothing vanishes unseen.
 * Content is compared as the event encoded with the current schema, so a retry by a producer that has moved to a
 * newer schema version is still a retry. A record written with the current schema is that encoding already (Avro's
 * binary encoding of a value under one schema is unique, up to the order of a map's entries), so its own bytes are
 * hashed; only a record of another version is re-encoded. A retry that straddles a producer's schema upgrade and
 * holds a map of several entries in another order than Avro's map gives back is taken for a conflict, and
 * dead-lettered with the first copy standing: visible, never billed twice.
 *
 * <p>Keyed by scope rather than by event id: the scope is also the Kafka key, so a scope's events reach this stage
 * in partition order and leave it in that order. The price: one scope's events are handled by one subtask, so the
 * busiest tenant's rate is bounded by one core. Each scope's seen ids live in map state whose entries expire
 * {@code retention} after they were written, which bounds the state; a sweep timer per scope, every retention
 * interval, removes the expired ids and, once none is left, the scope's state itself. A replay older than that passes this stage, so
 * the sinks must be idempotent too (rows keyed by event id, or updates that never go back in time).
 */
public final class DuplicateEventFilter<T extends SpecificRecordBase, S extends SourcedEvent<T>>
        extends KeyedProcessFunction<String, S, S> {

    private static final long serialVersionUID = 1L;

    private final Class<T> eventType;
    private final Duration retention;
    private transient EventCodec<T> codec;
    /** The single-object header of a record written with the current schema: its marker and fingerprint. */
    private transient byte[] currentHeader;
    /** One per task: the operator is single-threaded, and looking the algorithm up per event costs more than hashing. */
    private transient MessageDigest sha256;
    /**
     * Per key: event id (its 128 bits, as two longs) -> fingerprint of the event encoded with the current schema.
     * Two longs rather than the id's 36 characters: every checkpoint of the heap backend writes each id again, and
     * writing the string character by character was a quarter of this stage's time.
     */
    private transient MapState<Tuple2<Long, Long>, Long> seen;
    /** Per scope: when its next sweep is due; null when the scope holds no ids. */
    private transient ValueState<Long> sweepDue;
    private transient Counter duplicates;
    private transient Counter conflicts;

    public DuplicateEventFilter(Class<T> eventType, Duration retention) {
        this.eventType = eventType;
        this.retention = retention;
    }

    @Override
    public void open(OpenContext openContext) throws NoSuchAlgorithmException {
        MapStateDescriptor<Tuple2<Long, Long>, Long> descriptor = new MapStateDescriptor<>("seen-event-ids-v2",
                Types.TUPLE(Types.LONG, Types.LONG), Types.LONG);
        // No incremental cleanup on state access: on the heap it copies whole maps of a scope's ids on every access,
        // which made this stage quadratic in a tenant's traffic. The sweep timers clean the heap instead; RocksDB's
        // compaction filter drops expired ids as it compacts; full snapshots leave them out.
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(retention)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .disableCleanupInBackground()
                .cleanupFullSnapshot()
                .cleanupInRocksdbCompactFilter(1000)
                .build());
        codec = EventCodec.forType(eventType);
        currentHeader = EventCodec.headerOf(codec.schema());
        sha256 = MessageDigest.getInstance("SHA-256");
        sweepDue = getRuntimeContext().getState(new ValueStateDescriptor<>("sweep-due", Types.LONG));
        seen = getRuntimeContext().getMapState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicatesDropped");
        conflicts = getRuntimeContext().getMetricGroup().counter("conflictingEventIds");
    }

    @Override
    public void processElement(S sourced, Context ctx, Collector<S> out) throws Exception {
        UUID eventId = ContractFields.eventId(sourced.event);
        Tuple2<Long, Long> id = Tuple2.of(eventId.getMostSignificantBits(), eventId.getLeastSignificantBits());
        long fingerprint = fingerprint(currentSchemaBytes(sourced));
        Long earlier = seen.get(id);
        if (earlier == null) {
            seen.put(id, fingerprint);
            scheduleSweep(ctx.timerService().currentProcessingTime(), ctx.timerService());
            out.collect(sourced);
        } else if (earlier == fingerprint) {
            duplicates.inc();
        } else {
            conflicts.inc();
            ctx.output(DeadLetters.TAG, DeadLetters.of(sourced.source, DeadLetters.DEDUPLICATE,
                    ConflictingEventIdException.class.getName(),
                    "event_id " + eventId + " in scope " + ctx.getCurrentKey() + " was already taken by a different "
                            + "record within the last " + retention + "; the first one stands, this one is set aside",
                    ctx.timerService().currentProcessingTime()));
        }
    }

    /** The event encoded with the current schema: the record's own bytes when they were written with it. */
    private byte[] currentSchemaBytes(S sourced) {
        byte[] value = sourced.source.value;
        if (value != null && value.length > currentHeader.length
                && Arrays.equals(value, 0, currentHeader.length, currentHeader, 0, currentHeader.length)) {
            return value;
        }
        return codec.encode(sourced.event);
    }

    /**
     * The first 64 bits of the content's SHA-256: a different event under a seen id must not pass for a retry by
     * accident, and a checksum such as CRC-64 can be made to collide on purpose.
     */
    private long fingerprint(byte[] content) {
        return ByteBuffer.wrap(sha256.digest(content)).getLong();
    }

    private void scheduleSweep(long now, TimerService timers) throws Exception {
        if (sweepDue.value() == null) {
            long due = now + retention.toMillis();
            timers.registerProcessingTimeTimer(due);
            sweepDue.update(due);
        }
    }

    /**
     * Iterating the scope's ids drops the expired ones; if none is left, the scope's state goes entirely. Once per
     * retention interval per scope, so the cost is one step per id stored.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<S> out) throws Exception {
        boolean anyLeft = false;
        for (Tuple2<Long, Long> ignored : seen.keys()) {
            anyLeft = true;
        }
        sweepDue.clear();
        if (anyLeft) {
            scheduleSweep(timestamp, ctx.timerService());
        } else {
            seen.clear();
        }
    }
}
