package com.aybiza.jobs.ingest;

import com.aybiza.events.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/**
 * How any stage of a job sets a record aside: a {@link DeadLetter} envelope on the {@link #TAG} side output, holding
 * the original bytes untouched, where they came from, the stage that failed and why. The side output ends in the
 * source topic's dead-letter twin ({@link DeadLetterSerializer}), so bad input is visible and replayable, and one
 * bad record never stops a job.
 */
public final class DeadLetters {

    /** Stage names, as the DeadLetter schema documents them. */
    public static final String DESERIALIZE = "deserialize";
    public static final String VALIDATE = "validate";
    public static final String DEDUPLICATE = "deduplicate";
    public static final String ENRICH = "enrich";

    /** The side output every stage writes its dead letters to. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private DeadLetters() {
    }

    /** The envelope for {@code record}, which {@code stage} could not process because of {@code error}. */
    public static DeadLetter of(RawRecord record, String stage, Throwable error, long failedAtMillis) {
        return of(record, stage, error.getClass().getName(), error.getMessage(), failedAtMillis);
    }

    /** The envelope for a rejection that is not an exception (a rule the record breaks). */
    public static DeadLetter of(RawRecord record, String stage, String errorClass, String errorMessage,
                                long failedAtMillis) {
        return DeadLetter.newBuilder()
                .setOriginalValue(ByteBuffer.wrap(record.value == null ? new byte[0] : record.value))
                .setOriginalKey(record.key == null ? null : ByteBuffer.wrap(record.key))
                .setSourceTopic(record.topic)
                .setSourcePartition(record.partition)
                .setSourceOffset(record.offset)
                .setFailedStage(stage)
                .setErrorClass(errorClass)
                .setErrorMessage(errorMessage)
                .setFailedAt(Instant.ofEpochMilli(failedAtMillis))
                .build();
    }
}
