package com.aybiza.jobs.ingest;

import com.aybiza.events.EventCodec;
import com.aybiza.events.ReleasedSchemas;
import com.aybiza.events.SingleObjectReader;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Right after the source, before the front stage's one shuffle: reads from a record's bytes the few fields its
 * {@link ContractFields#partitionKey} is made of, and stores that key in {@link RawRecord#partitionKey}. Records are
 * shuffled as the bytes they arrived as, and decoded once, on the subtask that keeps their key's state: decoding
 * before the shuffle would make Flink encode and decode every event once more to carry it across.
 *
 * <p>The fields are read with a reader schema of just those fields, resolved against the record's writer schema
 * (the current one or a released version, found by the single-object fingerprint) as a full decode would: Avro skips
 * everything else without building it. A record whose key cannot be read (not Avro, truncated, an unknown schema) is
 * keyed by its offset, spread over {@link ContractFields#PARTS_PER_SCOPE} keys, and dead-lettered by decoding after the
 * shuffle with the codec's reason.
 */
public final class PartitionKeyReader<T extends SpecificRecordBase> extends RichMapFunction<RawRecord, RawRecord> {

    private static final long serialVersionUID = 1L;

    /** The key of a record whose key fields cannot be read, before its part. */
    public static final String UNREADABLE = "unreadable";

    private final Class<T> eventType;
    private transient SingleObjectReader<GenericRecord> decoder;
    private transient GenericRecord reused;
    private transient Counter unreadable;

    public PartitionKeyReader(Class<T> eventType) {
        this.eventType = eventType;
    }

    @Override
    public void open(OpenContext openContext) {
        open();
        unreadable = getRuntimeContext().getMetricGroup().counter("unreadableKeys");
    }

    /** Prepares the decoder; {@link #open(OpenContext)} calls it, and so can a test without a runtime. */
    void open() {
        Schema current = EventCodec.currentSchemaOnly(eventType).schema();
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        model.setFastReaderEnabled(true);
        decoder = new SingleObjectReader<>(model, projection(current));
        decoder.addWriterSchema(current);
        ReleasedSchemas.of(current.getName()).values().forEach(decoder::addWriterSchema);
    }

    /** The current schema cut down to the key's fields: same name, so that Avro resolves every writer version to it. */
    static Schema projection(Schema current) {
        List<Schema.Field> fields = ContractFields.keyFields(current.getName()).stream()
                .map(name -> new Schema.Field(current.getField(name), current.getField(name).schema()))
                .toList();
        return Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);
    }

    @Override
    public RawRecord map(RawRecord record) {
        record.partitionKey = keyOf(record);
        return record;
    }

    String keyOf(RawRecord record) {
        if (record.value != null) {
            try {
                reused = decoder.read(record.value, reused);
                return ContractFields.partitionKey(reused);
            } catch (Exception e) {
                // Decoding after the shuffle says what is wrong with the record, and dead-letters it.
            }
        }
        if (unreadable != null) {
            unreadable.inc();
        }
        return UNREADABLE + "#" + Math.floorMod(record.offset, ContractFields.PARTS_PER_SCOPE);
    }
}
