package com.aybiza.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The program arguments a cluster hands {@link PlatformJobs}: what they set, and what the submission decides. */
class JobArgumentsTest {

    private static final String[] REQUIRED = {"--bootstrap-servers", "kafka:9092", "--jdbc-url",
        "jdbc:postgresql://db:5432/aybiza"};

    @Test
    void withoutParallelismTheJobRunsAtTheParallelismItWasSubmittedWith() {
        assertThat(JobArguments.parse(REQUIRED, 6).parallelism()).isEqualTo(6);
        assertThat(JobArguments.parse(REQUIRED).parallelism()).isEqualTo(JobSettings.DEFAULT_PARALLELISM);
    }

    @Test
    void anExplicitParallelismWins() {
        String[] args = {"--bootstrap-servers", "kafka:9092", "--jdbc-url", "jdbc:postgresql://db:5432/aybiza",
            "--parallelism", "3", "--checkpoint-interval", "5s"};
        JobSettings settings = JobArguments.parse(args, 6);
        assertThat(settings.parallelism()).isEqualTo(3);
        assertThat(settings.checkpointInterval()).hasSeconds(5);
        assertThat(settings.bootstrapServers()).isEqualTo("kafka:9092");
    }

    @Test
    void aStrayWordIsRefusedByName() {
        assertThatThrownBy(() -> JobArguments.parse(new String[] {"kafka:9092"}, 2))
                .hasMessageContaining("unexpected argument kafka:9092");
    }
}
