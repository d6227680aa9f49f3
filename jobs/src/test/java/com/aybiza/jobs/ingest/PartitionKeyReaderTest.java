package com.aybiza.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.CallEvent;
import com.aybiza.events.EventCodec;
import com.aybiza.events.ReleasedSchemas;
import com.aybiza.events.SampleEvents;
import com.aybiza.events.SecurityEvent;
import com.aybiza.events.ToolExecutionEvent;
import com.aybiza.events.UsageEvent;
import com.aybiza.events.UsageEventKind;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * The key read from a record's bytes must be the key of the decoded event, for every contract and every schema
 * version a producer may write: the front stage shuffles by the first and keeps state under it, and the jobs after
 * it rely on the second. And a record written with the current schema must be byte for byte what encoding its decoded
 * event gives, which is what lets de-duplication hash the record's own bytes.
 */
class PartitionKeyReaderTest {

    /** Every contract's samples, with their tenants, calls and targets varied so that many parts are hit. */
    private static List<SpecificRecordBase> events() {
        List<SpecificRecordBase> events = new ArrayList<>();
        IntStream.range(0, 40).forEach(i -> {
            UUID tenant = SampleEvents.id("tenant-" + i % 7);
            events.add(CallEvent.newBuilder(SampleEvents.callEvent()).setTenantId(tenant).setCallSid("CA" + i).build());
            events.add(ToolExecutionEvent.newBuilder(SampleEvents.toolExecutionEvent()).setTenantId(tenant)
                    .setExecutionId(SampleEvents.id("execution-" + i)).build());
            events.add(SampleEvents.callTurnEvent());
            events.add(UsageEvent.newBuilder(SampleEvents.usageEvent()).setTenantId(tenant)
                    .setCorrectsEventId(SampleEvents.id("target-" + i)).build());
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("carrier", "twilio");
            metadata.put("region", "us-east-" + i);
            metadata.put("zone", "b");
            events.add(UsageEvent.newBuilder(SampleEvents.usageEvent()).setTenantId(tenant)
                    .setEventId(SampleEvents.id("record-" + i)).setKind(UsageEventKind.RECORD)
                    .setCorrectsEventId(null).setReason(null).setMetadata(metadata).build());
        });
        for (Object payload : SampleEvents.securityPayloads()) {
            events.add(SampleEvents.securityEvent(payload));
            events.add(SecurityEvent.newBuilder(SampleEvents.securityEvent(payload)).setTenantId(null).build());
            events.add(SecurityEvent.newBuilder(SampleEvents.securityEvent(payload)).setTenantId(null)
                    .setOrganizationId(null).build());
        }
        return events;
    }

    @Test
    void theKeyReadFromTheBytesIsTheDecodedEventsKey() {
        List<String> keys = new ArrayList<>();
        for (SpecificRecordBase event : events()) {
            byte[] bytes = codecOf(event).encode(event);
            String key = reader(event).keyOf(record(bytes));
            assertThat(key).as("%s", event).isEqualTo(ContractFields.partitionKey(event));
            keys.add(key);
        }
        assertThat(keys.stream().distinct().count()).as("distinct keys").isGreaterThan(40);
    }

    @Test
    void theKeyOfARecordWrittenWithAReleasedSchemaIsItsDecodedEventsKey() throws Exception {
        int checked = 0;
        for (SpecificRecordBase event : events()) {
            Schema current = event.getSchema();
            for (String version : ReleasedSchemas.VERSIONS) {
                Schema released = ReleasedSchemas.load(version, current.getName());
                if (released == null) {
                    continue;
                }
                byte[] bytes = writtenWith(released, event);
                SpecificRecordBase decoded = codecOf(event).decode(bytes);
                assertThat(reader(event).keyOf(record(bytes))).as("%s %s", version, event)
                        .isEqualTo(ContractFields.partitionKey(decoded));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void aRecordWhoseKeyCannotBeReadIsKeyedByItsOffset() {
        PartitionKeyReader<UsageEvent> reader = new PartitionKeyReader<>(UsageEvent.class);
        reader.open();
        byte[] valid = EventCodec.forType(UsageEvent.class).encode(SampleEvents.usageEvent());
        byte[] truncated = java.util.Arrays.copyOf(valid, 14);

        assertThat(reader.keyOf(record(new byte[] {1, 2, 3}))).isEqualTo("unreadable#5");
        assertThat(reader.keyOf(record(truncated))).isEqualTo("unreadable#5");
        assertThat(reader.keyOf(record(null))).isEqualTo("unreadable#5");
        RawRecord mapped = reader.map(record(valid));
        assertThat(mapped.partitionKey).isEqualTo(ContractFields.partitionKey(SampleEvents.usageEvent()));
    }

    /**
     * Avro hands a map back in its own order, not the producer's: only events whose maps hold at most one entry are
     * byte for byte what their decoded form encodes to (why de-duplication re-encodes only other versions' records).
     */
    @Test
    void aRecordWrittenWithTheCurrentSchemaIsItsDecodedEventEncodedAgain() {
        int sameBytes = 0;
        for (SpecificRecordBase event : events()) {
            EventCodec<SpecificRecordBase> codec = codecOf(event);
            byte[] bytes = codec.encode(event);
            byte[] again = codec.encode(codec.decode(bytes));
            assertThat(codec.decode(again)).as("%s", event).isEqualTo(codec.decode(bytes));
            if (!(event instanceof UsageEvent usage) || usage.getMetadata().size() <= 1) {
                assertThat(again).as("%s", event).isEqualTo(bytes);
                sameBytes++;
            }
            assertThat(java.util.Arrays.copyOf(bytes, 10)).isEqualTo(EventCodec.headerOf(event.getSchema()));
        }
        assertThat(sameBytes).isGreaterThan(100);
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecordBase> EventCodec<T> codecOf(T event) {
        return EventCodec.forType((Class<T>) event.getClass());
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecordBase> PartitionKeyReader<T> reader(T event) {
        PartitionKeyReader<T> reader = new PartitionKeyReader<>((Class<T>) event.getClass());
        reader.open();
        return reader;
    }

    private static RawRecord record(byte[] value) {
        return new RawRecord("topic", 0, 5, 0L, null, value);
    }

    /** {@code event} as a producer still on {@code released} writes it: read into that schema, then encoded. */
    private static byte[] writtenWith(Schema released, SpecificRecordBase event) throws Exception {
        Schema current = event.getSchema();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new GenericDatumWriter<GenericRecord>(current, GenericData.get())
                .write(GenericData.get().deepCopy(current, toGeneric(event)), encoder);
        encoder.flush();
        GenericRecord old = new GenericDatumReader<GenericRecord>(current, released, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(body.toByteArray(), null));
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released).encode(old).array();
    }

    /** The event as a generic record of its own schema, logical types in their Avro form. */
    private static GenericRecord toGeneric(SpecificRecordBase event) throws Exception {
        byte[] bytes = codecOf(event).encode(event);
        return new GenericDatumReader<GenericRecord>(event.getSchema(), event.getSchema(), GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 10, bytes.length - 10, null));
    }
}
