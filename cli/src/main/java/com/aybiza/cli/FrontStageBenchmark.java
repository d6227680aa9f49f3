package com.aybiza.cli;

import com.aybiza.events.EventTopic;
import com.aybiza.jobs.FrontStage;
import com.aybiza.jobs.JobEnvironment;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.PlatformJobs;
import com.aybiza.jobs.PreparedEvents;
import com.aybiza.jobs.ingest.InputTopics;
import com.aybiza.jobs.ingest.RawRecord;
import com.aybiza.jobs.ingest.SourceEventTime;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Stage 5, the front stage alone: every input topic through {@link FrontStage#prepare} as the jobs wire it (the same
 * sources, watermarks, settings and job environment, reference data from the generator's seed in the database), the
 * prepared events and the dead letters discarded. Bounded at the topics' latest offsets, so the job ends once every
 * pre-filled record is read; timed from submission to the end. Accumulators count what came out, to check that every
 * record went through rather than being lost on the way.
 */
final class FrontStageBenchmark {

    private static final String EVENTS = "prepared events";
    private static final String DEAD_LETTERS = "dead letters";

    /** What came out of the front stage, and how fast the records went in. */
    record Result(StageFigure figure, long prepared, long deadLetters) {
    }

    private final JobSettings settings;
    private final Configuration cluster;

    /**
     * {@code settings}: the jobs' settings with bounded sources ({@link JobSettings#stopAtLatest()}); {@code cluster}:
     * the local Flink's, as stage 6 runs its bounded jobs ({@link PipelineBenchmark#boundedConfiguration()}).
     */
    FrontStageBenchmark(JobSettings settings, Configuration cluster) {
        this.settings = settings;
        this.cluster = cluster;
    }

    Result run(long records) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(cluster);
        JobEnvironment.configure(env, settings);
        PipelineBenchmark.failFast(env);
        for (EventTopic topic : PlatformJobs.INPUT_TOPICS) {
            prepare(env, topic, eventType(topic));
        }
        long started = System.nanoTime();
        JobExecutionResult result = env.execute("bench front stage");
        double seconds = StageFigure.seconds(started);
        long prepared = 0;
        long deadLetters = 0;
        for (EventTopic topic : PlatformJobs.INPUT_TOPICS) {
            prepared += result.<Long>getAccumulatorResult(EVENTS + " " + topic.topicName());
            deadLetters += result.<Long>getAccumulatorResult(DEAD_LETTERS + " " + topic.topicName());
        }
        return new Result(new StageFigure("front stage", records, "events", seconds), prepared, deadLetters);
    }

    private <T extends SpecificRecordBase> void prepare(StreamExecutionEnvironment env, EventTopic topic,
                                                        Class<T> type) {
        String name = topic.topicName();
        DataStream<RawRecord> raw = env.fromSource(InputTopics.source(settings, topic),
                SourceEventTime.watermarks(settings.frontStage().ingest()), name).uid("source-" + name);
        PreparedEvents<T> prepared = FrontStage.prepare(raw, type, settings.frontStage());
        prepared.events().map(new Count<>(EVENTS + " " + name), prepared.events().getType()).name("count " + name)
                .sinkTo(new DiscardingSink<>());
        prepared.deadLetters().map(new Count<>(DEAD_LETTERS + " " + name), prepared.deadLetters().getType())
                .name("count dead letters " + name).sinkTo(new DiscardingSink<>());
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecordBase> Class<T> eventType(EventTopic topic) {
        return (Class<T>) topic.eventType();
    }

    /** Counts what passes into a job-wide accumulator (chained, so it costs a call per record). */
    private static final class Count<T> extends RichMapFunction<T, T> {
        private final String accumulator;
        private final LongCounter counter = new LongCounter();

        Count(String accumulator) {
            this.accumulator = accumulator;
        }

        @Override
        public void open(OpenContext context) {
            getRuntimeContext().addAccumulator(accumulator, counter);
        }

        @Override
        public T map(T value) {
            counter.add(1);
            return value;
        }
    }
}
