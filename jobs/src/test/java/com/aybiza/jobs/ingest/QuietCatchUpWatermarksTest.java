package com.aybiza.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class QuietCatchUpWatermarksTest {

    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
        }

        @Override
        public void markActive() {
        }
    };

    @Test
    void outOfOrdernessWhileRecordsComeTheLatestEventOnceQuietAndNeverBack() throws Exception {
        var watermarks = new QuietCatchUpWatermarks<String>(Duration.ofSeconds(5), Duration.ofMillis(200));
        watermarks.onPeriodicEmit(output);
        assertThat(emitted).as("nothing before the first record").isEmpty();

        watermarks.onEvent("a", 10_000, output);
        watermarks.onEvent("b", 12_000, output);
        watermarks.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(12_000L - 5_000 - 1);

        Thread.sleep(250); // quiet: no more records of this partition are on the way
        watermarks.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(6_999L, 12_000L);

        watermarks.onEvent("c", 13_000, output); // traffic again: the bound applies again, but never backwards
        watermarks.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(6_999L, 12_000L);
        watermarks.onEvent("d", 20_000, output);
        watermarks.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(6_999L, 12_000L, 14_999L);
    }
}
