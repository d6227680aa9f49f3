package com.aybiza.generator;

import com.aybiza.events.EventCodec;
import com.aybiza.events.EventTopic;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * `bin/aybiza generate`: plays the voice edge. Pulls events from the {@link TrafficModel} in event-time order,
 * encodes them with the contract's codec, mixes in malformed records at --bad-ratio, holds --rate, prints progress
 * and keeps the {@link Ledger}.
 *
 * <p>With a rate, the run covers --duration of event time, so the same settings always write the same records. With
 * --rate max, it writes for --duration of wall-clock time: the records are the same prefix, their number depends on
 * the broker and the machine, and no event leaves before the wall clock has reached its event time
 * ({@link WallClockGate}): from a start in the past it runs flat out until it catches up with the clock, from a start
 * in the future it waits for it.
 */
public final class EventGenerator {

    private static final MalformedKind[] KINDS = MalformedKind.values();
    private static final Set<EventTopic> WITHOUT_OWN_ENUM = EnumSet.of(EventTopic.SECURITY, EventTopic.CALL_TURNS);

    private final GeneratorSettings settings;
    private final PrintWriter out;
    private final boolean holdRate;
    private final double simulatedRate;
    /** Records written so far, for a caller that shows progress while the run goes on (bin/aybiza local). */
    private final AtomicLong written = new AtomicLong();

    public EventGenerator(GeneratorSettings settings, PrintWriter out) {
        this(settings, out, true);
    }

    /**
     * The records of {@code settings}' rate, written as fast as the broker takes them rather than at that rate: the
     * rate only lays out event time (and sizes the warm-up, whose cost grows with it). For a benchmark's pre-filled
     * topics: --rate max would lay them out at 100,000 events/s, whose warm-up alone takes seconds.
     */
    public static EventGenerator unpaced(GeneratorSettings settings, PrintWriter out) {
        if (settings.rate().isEmpty()) {
            throw new IllegalArgumentException("an unpaced run needs a rate to lay out event time");
        }
        return new EventGenerator(settings, out, false);
    }

    /** {@code holdRate = false}: the same records, as fast as possible (tests that need minutes of event time). */
    EventGenerator(GeneratorSettings settings, PrintWriter out, boolean holdRate) {
        this(settings, out, holdRate, GeneratorSettings.NOMINAL_MAX_RATE);
    }

    /**
     * {@code maxRateDensity}: with --rate max, lay event time out at this many events per second instead of
     * {@link GeneratorSettings#NOMINAL_MAX_RATE}, so that a test plays a machine many times faster than that.
     */
    EventGenerator(GeneratorSettings settings, PrintWriter out, boolean holdRate, double maxRateDensity) {
        this.settings = settings;
        this.out = out;
        this.holdRate = holdRate;
        this.simulatedRate = settings.rate().orElse(maxRateDensity);
    }

    /** Runs against Kafka (creating the topics if missing) and, when given, writes the reference data first. */
    public Ledger run() throws Exception {
        prepare();
        return traffic(() -> false);
    }

    /**
     * Writes the reference data (when a database is given) and creates the topics that are missing: what must exist
     * before the jobs start. Both leave what exists alone, so calling it again changes nothing.
     */
    public void prepare() throws Exception {
        if (settings.database().isPresent()) {
            ReferenceData reference = ReferenceDataFactory.create(settings.seed(), settings.tenants(), settings.agents());
            ReferenceDataWriter.Counts counts = new ReferenceDataWriter(settings.database().get()).write(reference);
            out.printf("reference data: %s%n", counts);
        }
        TopicSetup.ensureTopics(settings.bootstrapServers(), settings.kafkaProperties(), out);
    }

    /**
     * Writes the traffic to Kafka until the run's duration is covered or {@code stopRequested} says stop (checked
     * before every event), and returns the ledger of exactly what was written: a stopped run's ledger is as true as a
     * finished one's, so it can be reconciled.
     */
    public Ledger traffic(BooleanSupplier stopRequested) throws Exception {
        ReferenceData reference = ReferenceDataFactory.create(settings.seed(), settings.tenants(), settings.agents());
        try (KafkaRecordSink sink = new KafkaRecordSink(settings.bootstrapServers(), settings.kafkaProperties())) {
            return run(reference, sink, stopRequested);
        }
    }

    /** Records written so far by the run in progress (updated every 64 records, and at its end). */
    public long recordsWritten() {
        return written.get();
    }

    Ledger run(ReferenceData reference, RecordSink sink) throws Exception {
        return run(reference, sink, () -> false);
    }

    Ledger run(ReferenceData reference, RecordSink sink, BooleanSupplier stopRequested) throws Exception {
        CallContext context = new CallContext(reference, settings.seed(), settings.start(), settings.meanCallSeconds());
        TrafficModel traffic = new TrafficModel(context, simulatedRate);
        MalformedRecords malformed = new MalformedRecords(context.ids());
        Map<EventTopic, EventCodec<SpecificRecord>> codecs = codecs();
        SplittableRandom badLuck = new SplittableRandom(context.trafficSeed() ^ 0xBADL);
        ArrayDeque<MalformedKind> pendingEnumFaults = new ArrayDeque<>();
        Ledger ledger = new Ledger();

        long startNanos = System.nanoTime();
        RatePacer pacer = new RatePacer(holdRate ? settings.rate() : OptionalDouble.empty(), startNanos);
        long endMicros = settings.duration().toNanos() / 1000;
        long wallLimitNanos = settings.duration().toNanos();
        long nextProgress = startNanos + settings.progressInterval().toNanos();
        WallClockGate clock = settings.rate().isPresent() ? null : new WallClockGate();
        long startEpochMicros = Math.addExact(Math.multiplyExact(settings.start().getEpochSecond(), 1_000_000L),
                settings.start().getNano() / 1000);
        if (clock != null && settings.start().isAfter(Instant.now())) {
            out.printf("generate: --start %s is ahead of the wall clock: --rate max waits for it%n", settings.start());
            out.flush();
        }
        for (long iteration = 1; ; iteration++) {
            if (settings.rate().isPresent() ? traffic.peekTimeMicros() >= endMicros
                    : (iteration & 1023) == 0 && System.nanoTime() - startNanos >= wallLimitNanos) {
                break;
            }
            if (stopRequested.getAsBoolean()) {
                break;
            }
            GeneratedEvent event = traffic.next();
            if (clock != null
                    && !clock.await(startEpochMicros + traffic.lastTimeMicros(), startNanos + wallLimitNanos)) {
                break; // the run's wall time ran out while waiting for the clock
            }
            EventCodec<SpecificRecord> codec = codecs.get(event.topic());
            byte[] value = codec.encode(event.event());
            byte[] key = event.key().getBytes(StandardCharsets.UTF_8);
            sink.send(event.topic().topicName(), key, value);
            ledger.valid(event);

            if (settings.badRatio() > 0 && badLuck.nextDouble() < settings.badRatio()) {
                pendingEnumFaults.add(KINDS[badLuck.nextInt(KINDS.length)]);
            }
            // A security envelope and a call turn have no enum of their own to push out of range: such a fault waits
            // for the next call, tool or usage event. Every other kind applies to whatever event came.
            while (!pendingEnumFaults.isEmpty() && (pendingEnumFaults.peek() != MalformedKind.ENUM_OUTSIDE_CHECK_LIST
                    || !WITHOUT_OWN_ENUM.contains(event.topic()))) {
                MalformedRecords.Malformed bad = malformed.make(pendingEnumFaults.poll(), event, value, codec, badLuck);
                sink.send(event.topic().topicName(), bad.key().getBytes(StandardCharsets.UTF_8), bad.value());
                ledger.malformed(event.topic(), bad.kind());
            }
            // Paced after every event, not every 64th: at 10 events/s a 5 s run has fewer than 64, and would
            // otherwise end before the pacer ever looked at the clock. A nanoTime read per event costs nothing.
            pacer.awaitTurn(ledger.total());
            if ((iteration & 63) == 0) {
                written.set(ledger.total());
                long now = System.nanoTime();
                if (now >= nextProgress) {
                    progress(ledger, now - startNanos);
                    nextProgress = now + settings.progressInterval().toNanos();
                }
            }
        }
        sink.flush();
        written.set(ledger.total());
        ledger.finish((System.nanoTime() - startNanos) / 1e9, sink.offsets());
        return ledger;
    }

    private void progress(Ledger ledger, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        out.printf("generate: %5.0f s  %,12d records  %,9.0f records/s  %,d malformed%n",
                seconds, ledger.total(), ledger.total() / seconds, ledger.malformedTotal());
        out.flush();
    }

    @SuppressWarnings("unchecked")
    private static Map<EventTopic, EventCodec<SpecificRecord>> codecs() {
        Map<EventTopic, EventCodec<SpecificRecord>> codecs = new EnumMap<>(EventTopic.class);
        for (EventTopic topic : EventTopic.values()) {
            codecs.put(topic, (EventCodec<SpecificRecord>) EventCodec.currentSchemaOnly(topic.eventType()));
        }
        return codecs;
    }

    /** The default progress interval: a line every 5 s, so a long run shows that it holds its rate. */
    public static Duration defaultProgressInterval() {
        return Duration.ofSeconds(5);
    }
}
