package com.aybiza.events;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.MissingSchemaException;

/**
 * Reads Avro single-object messages ({@code C3 01}, the writer schema's 8-byte fingerprint, the binary body) held in a
 * byte array, resolving each writer schema it was given to one reader schema, as Avro's {@code BinaryMessageDecoder}
 * does. Unlike that decoder, which reads the body through an InputStream one byte call at a time (its direct decoder,
 * over a synchronized ByteArrayInputStream), it decodes straight from the array with Avro's buffered binary decoder:
 * the same result and the same exceptions, at a fraction of the cost on the pipeline's hottest path.
 *
 * <p>Thread-safe: the readers are shared (as Avro's decoder shares them), the binary decoder is reused per thread.
 */
public final class SingleObjectReader<D> {

    static final int HEADER_LENGTH = 10;

    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private final GenericData model;
    private final Schema readSchema;
    private final Map<Long, DatumReader<D>> readers = new ConcurrentHashMap<>();

    /** {@code model} decides the classes built (generated ones for a SpecificData) and the logical type conversions. */
    public SingleObjectReader(GenericData model, Schema readSchema) {
        this.model = model;
        this.readSchema = readSchema;
    }

    /** Lets it read messages written with {@code writerSchema}; returns that schema's fingerprint. */
    @SuppressWarnings("unchecked")
    public long addWriterSchema(Schema writerSchema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(writerSchema);
        readers.computeIfAbsent(fingerprint, fp -> (DatumReader<D>) model.createDatumReader(writerSchema, readSchema));
        return fingerprint;
    }

    /** The writer schema's fingerprint in a message's header (at least {@link #HEADER_LENGTH} bytes): little-endian. */
    static long writerFingerprint(byte[] message) {
        long fingerprint = 0;
        for (int i = HEADER_LENGTH - 1; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (message[i] & 0xFF);
        }
        return fingerprint;
    }

    /**
     * The message's datum, in {@code reuse} where the reader can (null for a new one).
     *
     * @throws BadHeaderException     not a single-object message (too short, or another marker)
     * @throws MissingSchemaException written with a schema it was not given
     * @throws IOException            the body ends early ({@link java.io.EOFException}) or is corrupt
     */
    public D read(byte[] message, D reuse) throws IOException {
        if (message.length < HEADER_LENGTH) {
            throw new BadHeaderException("Not enough header bytes");
        }
        if (message[0] != (byte) 0xC3 || message[1] != (byte) 0x01) {
            throw new BadHeaderException(String.format("Unrecognized header bytes: 0x%02X 0x%02X", message[0],
                    message[1]));
        }
        long fingerprint = writerFingerprint(message);
        DatumReader<D> reader = readers.get(fingerprint);
        if (reader == null) {
            throw new MissingSchemaException("Cannot resolve schema for fingerprint: " + fingerprint);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(message, HEADER_LENGTH,
                message.length - HEADER_LENGTH, DECODERS.get());
        DECODERS.set(decoder);
        return reader.read(reuse, decoder);
    }
}
