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
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.jobs.ingest.SourcedEvent;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Builds the stages every job starts with: decode, validate, enrich, drop duplicates. Enrichment comes before
 * de-duplication so that an event refused for an unknown tenant leaves no trace in the seen ids, and its retry,
 * once the tenant exists, is not taken for a duplicate. Decode, validate and enrich are forward-connected to the
 * source; the shuffle comes last, by scope and entity ({@link ContractFields#partitionKey}): a busy tenant spreads over
 * every subtask, while each call, tool execution and billed target keeps its events in partition order.
 * Every operator's uid is fixed, so a job's state (the seen ids above all) survives an upgrade of the graph around it.
 */
public final class FrontStage {

    private FrontStage() {
    }

    /** {@code raw} records of one topic as prepared {@code eventType} events, and every record set aside on the way. */
    public static <T extends SpecificRecordBase> PreparedEvents<T> prepare(DataStream<RawRecord> raw, Class<T> eventType,
                                                                         FrontStageSettings settings) {
        String name = eventType.getSimpleName();
        TypeInformation<SourcedEvent<T>> sourcedType = SourcedEvent.typeInfo(eventType);
        TypeInformation<EnrichedEvent<T>> enrichedType = EnrichedEvent.enrichedTypeInfo(eventType);
        SingleOutputStreamOperator<SourcedEvent<T>> decoded = raw
                .process(new EventDecodingFunction<>(eventType), sourcedType)
                .name("decode " + name).uid("decode-" + name);
        SingleOutputStreamOperator<SourcedEvent<T>> valid = decoded
                .process(new EventValidationFunction<>(eventType, settings.ingest().maxClockSkew(),
                        settings.ingest().maxEventAge()), sourcedType)
                .name("validate " + name).uid("validate-" + name);
        OutputTag<SourcedEvent<T>> unresolvedTag = new OutputTag<>("unresolved-references", sourcedType);
        SingleOutputStreamOperator<EnrichedEvent<T>> enriched = valid
                .process(new EventEnrichmentFunction<T>(settings.referenceData(), unresolvedTag), enrichedType)
                .name("enrich " + name).uid("enrich-" + name);
        // Events whose references are still unknown wait, keyed like de-duplication, and are looked up again.
        SingleOutputStreamOperator<EnrichedEvent<T>> resolvedLater = enriched.getSideOutput(unresolvedTag)
                .keyBy(event -> ContractFields.partitionKey(event.event), Types.STRING)
                .transform("retry unknown references " + name, enrichedType, new UnresolvedReferenceRetryOperator<>(
                        new UnresolvedReferenceRetry<>(eventType, settings.referenceData())))
                .uid("retry-references-" + name);
        SingleOutputStreamOperator<EnrichedEvent<T>> unique = enriched.union(resolvedLater)
                .keyBy(event -> ContractFields.partitionKey(event.event), Types.STRING)
                .process(new DuplicateEventFilter<T, EnrichedEvent<T>>(eventType, settings.ingest().duplicateRetention()),
                        enrichedType)
                .name("drop duplicate " + name).uid("deduplicate-" + name);
        DataStream<DeadLetter> deadLetters = decoded.getSideOutput(DeadLetters.TAG).union(
                valid.getSideOutput(DeadLetters.TAG), enriched.getSideOutput(DeadLetters.TAG),
                resolvedLater.getSideOutput(DeadLetters.TAG),
                unique.getSideOutput(DeadLetters.TAG));
        return new PreparedEvents<>(unique, deadLetters);
    }
}
