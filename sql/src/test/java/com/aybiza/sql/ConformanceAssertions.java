package com.aybiza.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What "the schema matches the document" means: the shared conformance tool, as shipped, finds every item. */
final class ConformanceAssertions {

    private static final Pattern SCORE = Pattern.compile("conformance: (\\d+)/(\\d+) items \\(100\\.0%\\)");

    private ConformanceAssertions() {}

    static void assertMatchesDocument(String host, int port, String db, String user, String password) throws Exception {
        SchemaConformance.Outcome outcome = SchemaConformance.check(host, port, db, user, password);
        System.out.println("schema_conformance.py: " + outcome.lastLine());

        assertThat(outcome.misses()).as("gaps between the database and the document").isEmpty();
        Matcher score = SCORE.matcher(outcome.lastLine());
        assertThat(score.matches()).as("last line of the tool: " + outcome.lastLine()).isTrue();
        assertThat(score.group(1)).as("items found").isEqualTo(score.group(2));
        assertThat(outcome.exitCode()).as("exit status of the tool").isZero();
    }
}
