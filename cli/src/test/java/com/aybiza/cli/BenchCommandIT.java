package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `bin/aybiza bench --quick --report DIR` as a user runs it, in-process, on the services it starts itself (embedded
 * PostgreSQL 17 and a Kafka broker in a child JVM): every stage runs and stores what it should, the pipeline's
 * reconcile agrees, the report is written, and the output ends with the two figure lines in their exact format.
 * No assertion on any figure's size: the machine decides those.
 */
class BenchCommandIT {

    private static final String INTEGER = "\\d+";
    private static final String RATIO = "\\d+\\.\\d{2}";

    @TempDir
    Path report;

    @Test
    void quickRunMeasuresEveryStageAndEndsWithTheTwoFigureLines() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AybizaCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("bench", "--quick", "--report", report.toString());

        String output = out.toString();
        assertThat(code).as(output + err).isZero();
        assertThat(output)
                .containsPattern("(?m)^1 +limit +50,000 rows")
                .containsPattern("(?m)^2 +peer sink +50,000 rows")
                .containsPattern("(?m)^3 +our sink +50,000 rows")
                .containsPattern("(?m)^4 +peer pipeline +[1-9][\\d,]* events")
                .containsPattern("(?m)^5 +front stage +[1-9][\\d,]* events")
                .containsPattern("(?m)^6 +pipeline +[1-9][\\d,]* events")
                .containsPattern("(?m)^6 +pipeline rows +[1-9][\\d,]* rows")
                .containsPattern("front stage: [1-9][\\d,]* events prepared, 0 dead letters")
                .contains("pipeline: reconcile OK")
                .containsPattern("(?m)^6 +latency at [\\d,]+ events/s .* p50 [\\d,]+ ms, p99 [\\d,]+ ms")
                .containsPattern("(?m)^7 +heap of the jobs' JVM");

        List<String> lines = output.lines().toList();
        assertThat(lines.get(lines.size() - 2)).matches("bench limit_rows_per_s=" + INTEGER
                + " peer_rows_per_s=" + INTEGER + " sink_rows_per_s=" + INTEGER + " peer_e2e_events_per_s=" + INTEGER
                + " front_events_per_s=" + INTEGER + " e2e_events_per_s=" + INTEGER + " e2e_rows_per_s=" + INTEGER
                + " p50_ms=" + INTEGER + " p99_ms=" + INTEGER + " heap_peak_mb=" + INTEGER);
        assertThat(lines.get(lines.size() - 1)).matches("bench ratios sink_vs_limit=" + RATIO + " sink_vs_peer="
                + RATIO + " front_vs_peer=" + RATIO + " e2e_vs_peer=" + RATIO + " e2e_rows_vs_limit=" + RATIO);

        JsonNode json = new ObjectMapper().readTree(report.resolve("bench.json").toFile());
        assertThat(json.path("figures").size()).isEqualTo(15);
        assertThat(json.path("stages").size()).isEqualTo(7);
        assertThat(json.path("reconcile_ok").asBoolean()).isTrue();
        assertThat(report.resolve("stages.png")).isNotEmptyFile();
        assertThat(report.resolve("latency.png")).isNotEmptyFile();
    }
}
