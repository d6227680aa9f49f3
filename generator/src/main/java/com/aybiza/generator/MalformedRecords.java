package com.aybiza.generator;

import com.aybiza.events.EventCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Turns a valid event into a malformed record of a given kind, deterministically from the random stream given. */
final class MalformedRecords {

    /** A record as it goes on the wire. */
    record Malformed(MalformedKind kind, String key, byte[] value) {}

    /** Single-object header: 2 marker bytes and the 8-byte schema fingerprint. */
    private static final int HEADER = 10;
    private static final String UNKNOWN_SYMBOL = "value_outside_check_list";

    private final DeterministicIds ids;
    private final Map<Schema, Schema> widenedEnumSchemas = new HashMap<>();
    private long count;

    MalformedRecords(DeterministicIds ids) {
        this.ids = ids;
    }

    Malformed make(MalformedKind kind, GeneratedEvent base, byte[] encoded, EventCodec<SpecificRecord> codec,
                   SplittableRandom random) {
        UUID id = ids.of("malformed", String.valueOf(count++));
        return switch (kind) {
            case RANDOM_BYTES -> {
                byte[] junk = new byte[16 + random.nextInt(185)];
                for (int i = 0; i < junk.length; i++) {
                    junk[i] = (byte) random.nextInt(256);
                }
                junk[0] = '{'; // never the single-object marker C3 01
                yield new Malformed(kind, base.key(), junk);
            }
            case TRUNCATED_AVRO -> new Malformed(kind, base.key(),
                    Arrays.copyOf(encoded, HEADER + 1 + random.nextInt(Math.max(1, encoded.length - HEADER - 2))));
            case UNKNOWN_SCHEMA_FINGERPRINT -> {
                byte[] copy = encoded.clone();
                for (int i = 2; i < HEADER; i++) {
                    copy[i] = (byte) random.nextInt(256);
                }
                yield new Malformed(kind, base.key(), copy);
            }
            case UNKNOWN_TENANT -> {
                UUID tenant = DeterministicIds.random(random);
                SpecificRecord copy = copyWith(base.event(), id, null);
                put(copy, "tenant_id", tenant);
                put(copy, "organization_id", DeterministicIds.random(random));
                yield new Malformed(kind, tenant.toString(), codec.encode(copy));
            }
            case FAR_FUTURE -> new Malformed(kind, base.key(), codec.encode(copyWith(base.event(), id,
                    ((Instant) base.event().get(base.event().getSchema().getField("event_time").pos())).plus(Duration.ofDays(30)))));
            case ENUM_OUTSIDE_CHECK_LIST -> new Malformed(kind, base.key(), withEnumOutOfRange(encoded, codec.schema()));
        };
    }

    private static SpecificRecord copyWith(SpecificRecord event, UUID eventId, Instant eventTime) {
        SpecificRecord copy = SpecificData.getForClass(event.getClass()).deepCopy(event.getSchema(), event);
        put(copy, "event_id", eventId);
        if (eventTime != null) {
            put(copy, "event_time", eventTime);
        }
        return copy;
    }

    private static void put(SpecificRecord record, String field, Object value) {
        Schema.Field f = record.getSchema().getField(field);
        if (f != null) {
            record.put(f.pos(), value);
        }
    }

    /**
     * Re-writes the message body with the first top-level enum set to one symbol past the schema's list, keeping
     * the header of the real schema: what a hand-rolled producer that sends an unknown status would put on the wire.
     * Events without a top-level enum (security envelopes) get the enum of their payload's first enum field instead.
     */
    private byte[] withEnumOutOfRange(byte[] encoded, Schema schema) {
        Schema widened = widenedEnumSchemas.computeIfAbsent(schema, MalformedRecords::widenFirstEnum);
        try {
            GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema, widened);
            GenericRecord record = reader.read(null, DecoderFactory.get().binaryDecoder(encoded, HEADER,
                    encoded.length - HEADER, null));
            setFirstEnum(record, widened);
            ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length);
            out.write(encoded, 0, HEADER);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(widened).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema widenFirstEnum(Schema schema) {
        String json = schema.toString();
        Schema.Field field = firstEnumField(schema);
        if (field == null) {
            throw new IllegalStateException(schema.getFullName() + " has no enum field to put out of range");
        }
        Schema enumSchema = enumOf(field.schema());
        String symbols = enumSchema.getEnumSymbols().stream().map(s -> "\"" + s + "\"")
                .reduce((a, b) -> a + "," + b).orElseThrow();
        String anchor = "\"name\":\"" + enumSchema.getName() + "\"";
        int at = json.indexOf(anchor);
        int symbolsAt = json.indexOf("\"symbols\":[" + symbols + "]", at);
        String widened = json.substring(0, symbolsAt) + "\"symbols\":[" + symbols + ",\"" + UNKNOWN_SYMBOL + "\"]"
                + json.substring(symbolsAt + ("\"symbols\":[" + symbols + "]").length());
        return new Schema.Parser().parse(widened);
    }

    private static Schema.Field firstEnumField(Schema record) {
        for (Schema.Field field : record.getFields()) {
            if (enumOf(field.schema()) != null) {
                return field;
            }
        }
        return null;
    }

    private static Schema enumOf(Schema schema) {
        if (schema.getType() == Schema.Type.ENUM) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(t -> t.getType() == Schema.Type.ENUM).findFirst().orElse(null);
        }
        return null;
    }

    private static void setFirstEnum(GenericRecord record, Schema widened) {
        Schema.Field field = firstEnumField(widened);
        record.put(field.name(), new GenericData.EnumSymbol(enumOf(field.schema()), UNKNOWN_SYMBOL));
    }
}
