package com.aybiza.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What "the schema matches the document" means, checked with the shared conformance tool. */
final class ConformanceAssertions {

    /**
     * The one item no valid schema can meet: the document references execution_logs(id) from node_executions, and
     * also makes execution_logs a hypertable, whose unique keys must include "timestamp". See V6__automation_engine.sql.
     */
    static final List<String> DOCUMENTED_DEVIATIONS = List.of(
            "MISS automation_engine.node_executions.execution_log_id: FOREIGN KEY to execution_logs(id) missing");

    private static final Pattern SCORE = Pattern.compile("conformance: (\\d+)/(\\d+) items \\(([\\d.]+)%\\)");

    private ConformanceAssertions() {}

    static void assertMatchesDocument(String host, int port, String db, String user, String password) throws Exception {
        SchemaConformance.Outcome ordered = SchemaConformance.checkWithOrderedIndexColumns(host, port, db, user, password);
        SchemaConformance.Outcome asShipped = SchemaConformance.check(host, port, db, user, password);
        System.out.println("schema_conformance.py as shipped: " + asShipped.lastLine());
        System.out.println("schema_conformance.py, index column order kept: " + ordered.lastLine());

        assertThat(ordered.misses()).as("real gaps between the database and the document")
                .containsExactlyElementsOf(DOCUMENTED_DEVIATIONS);
        Matcher score = SCORE.matcher(ordered.lastLine());
        assertThat(score.matches()).as(ordered.lastLine()).isTrue();
        assertThat(Integer.parseInt(score.group(2)) - Integer.parseInt(score.group(1)))
                .isEqualTo(DOCUMENTED_DEVIATIONS.size());

        // Whatever else the tool as shipped reports must be an index or UNIQUE it read in the wrong column order.
        List<String> misreads = asShipped.misses().stream().filter(m -> !ordered.misses().contains(m)).toList();
        assertThat(misreads).allSatisfy(m -> assertThat(m).matches("MISS (index .*: missing|.*: UNIQUE \\(.*\\) missing)"));
        assertThat(asShipped.misses()).containsAll(DOCUMENTED_DEVIATIONS);
    }
}
