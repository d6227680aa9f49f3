package com.aybiza.jobs;

import com.aybiza.events.DeadLetter;
import com.aybiza.jobs.enrich.EnrichedEvent;
import com.aybiza.jobs.enrich.EventEnrichmentFunction;
import com.aybiza.jobs.enrich.UnresolvedReferenceRetry;
import com.aybiza.jobs.enrich.UnresolvedReferenceRetryOperator;
import com.aybiza.jobs.ingest.ContractFields;
import com.aybiza.jobs.ingest.DeadLetters;
import com.aybiza.jobs.ingest.DuplicateEventFilter;
import com.aybiza.jobs.ingest.EventDecodingFunction;
import com.aybiza.jobs.ingest.EventValidationFunction;
import com.aybiza.jobs.ingest.PartitionKeyReader;
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.jobs.ingest.SourcedEvent;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;

/**
 * Builds the stages every job starts with: decode, validate, enrich, drop duplicates. Records are shuffled once, right
 * after the source, as the bytes they arrived as, by the key read from those bytes ({@link PartitionKeyReader}): the
 * scope and entity ({@link ContractFields#partitionKey}), so a busy tenant spreads over every subtask while each
 * call, tool execution and billed target keeps its events in partition order. Every stage after the shuffle is
 * chained to the next on the subtask that owns the key, so an event is decoded once and never serialized again
 * within the front stage: carrying decoded events across the shuffle would cost Flink an Avro encode and decode each.
 * Enrichment comes before de-duplication so that an event refused for an unknown tenant leaves no trace in the seen
 * ids, and its retry, once the tenant exists, is not taken for a duplicate; the events still waiting for a lookup are
 * held by the operator between the two, which lets the others through.
 * Every operator's uid is fixed, so a job's state (the seen ids above all) survives an upgrade of the graph around it.
 */
public final class FrontStage {

    private FrontStage() {
    }

    /** {@code raw} records of one topic as prepared {@code eventType} events, and every record set aside on the way. */
    public static <T extends SpecificRecordBase> PreparedEvents<T> prepare(DataStream<RawRecord> raw, Class<T> eventType,
                                                                         FrontStageSettings settings) {
        String name = eventType.getSimpleName();
        TypeInformation<RawRecord> rawType = TypeInformation.of(RawRecord.class);
        TypeInformation<SourcedEvent<T>> sourcedType = SourcedEvent.typeInfo(eventType);
        TypeInformation<EnrichedEvent<T>> enrichedType = EnrichedEvent.enrichedTypeInfo(eventType);
        KeyedStream<RawRecord, String> byKey = raw
                .map(new PartitionKeyReader<>(eventType), rawType)
                .name("read key " + name).uid("read-key-" + name)
                .keyBy(record -> record.partitionKey, Types.STRING);
        SingleOutputStreamOperator<SourcedEvent<T>> decoded = byKey
                .transform("decode " + name, sourcedType, new ProcessOperator<>(new EventDecodingFunction<>(eventType)))
                .uid("decode-" + name);
        SingleOutputStreamOperator<SourcedEvent<T>> valid = decoded
                .process(new EventValidationFunction<>(eventType, settings.ingest().maxClockSkew(),
                        settings.ingest().maxEventAge()), sourcedType)
                .name("validate " + name).uid("validate-" + name);
        SingleOutputStreamOperator<EnrichedEvent<T>> enriched = valid
                .process(new EventEnrichmentFunction<T>(settings.referenceData(), true), enrichedType)
                .name("enrich " + name).uid("enrich-" + name);
        // Keyed as the shuffle left them (no second shuffle): the key travels in the record it was read from.
        KeySelector<EnrichedEvent<T>, String> sameKey = event -> event.source.partitionKey;
        SingleOutputStreamOperator<EnrichedEvent<T>> resolved = DataStreamUtils
                .reinterpretAsKeyedStream(enriched, sameKey, Types.STRING)
                .transform("retry unknown references " + name, enrichedType, new UnresolvedReferenceRetryOperator<>(
                        new UnresolvedReferenceRetry<>(eventType, settings.referenceData())))
                .uid("retry-references-" + name);
        SingleOutputStreamOperator<EnrichedEvent<T>> unique = DataStreamUtils
                .reinterpretAsKeyedStream(resolved, sameKey, Types.STRING)
                .process(new DuplicateEventFilter<T, EnrichedEvent<T>>(eventType, settings.ingest().duplicateRetention()),
                        enrichedType)
                .name("drop duplicate " + name).uid("deduplicate-" + name);
        DataStream<DeadLetter> deadLetters = decoded.getSideOutput(DeadLetters.TAG).union(
                valid.getSideOutput(DeadLetters.TAG), enriched.getSideOutput(DeadLetters.TAG),
                resolved.getSideOutput(DeadLetters.TAG),
                unique.getSideOutput(DeadLetters.TAG));
        return new PreparedEvents<>(unique, deadLetters);
    }
}
