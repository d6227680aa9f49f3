package com.aybiza.jobs.enrich;

import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.SourcedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs {@link UnresolvedReferenceRetry}, and at the end of a bounded input (a test, a catch-up run) gives every event
 * still waiting one last lookup, then dead-letters it: Flink does not fire processing-time timers after the input has
 * ended, and an event must never vanish with the job.
 */
public final class UnresolvedReferenceRetryOperator<T extends SpecificRecordBase>
        extends KeyedProcessOperator<String, EnrichedEvent<T>, EnrichedEvent<T>> implements BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final UnresolvedReferenceRetry<T> retry;

    public UnresolvedReferenceRetryOperator(UnresolvedReferenceRetry<T> retry) {
        super(retry);
        this.retry = retry;
    }

    @Override
    public void endInput() throws Exception {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        List<SourcedEvent<T>> waiting = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        this.<String>getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                UnresolvedReferenceRetry.pendingDescriptor(retry.eventType()),
                (String key, MapState<Long, List<SourcedEvent<T>>> state) -> {
                    keys.add(key);
                    for (Map.Entry<Long, List<SourcedEvent<T>>> entry : state.entries()) {
                        waiting.addAll(entry.getValue());
                    }
                });
        retry.retry(waiting, now, "the input ended while it waited for a lookup", enriched -> output.collect(new StreamRecord<>(enriched)),
                letter -> output.collect(DeadLetters.TAG, new StreamRecord<>(letter)));
        for (String key : keys) {
            setCurrentKey(key);
            retry.clearPending();
        }
    }
}
