package com.aybiza.service.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Definitions as PostgreSQL 15-17's pg_get_constraintdef prints the document's constraints. */
class ConstraintMeaningTest {

    @Test
    void listsTheValuesAnInListAllows() {
        String definition = "CHECK (((status)::text = ANY ((ARRAY['draft'::character varying, "
                + "'active'::character varying, 'no-answer'::character varying])::text[])))";
        assertThat(ConstraintMeaning.ofCheck("agents_status_check", definition))
                .isEqualTo("status must be one of: draft, active, no-answer");
        assertThat(ConstraintMeaning.inList(definition).values()).containsExactly("draft", "active", "no-answer");
    }

    @Test
    void namesARange() {
        assertThat(ConstraintMeaning.ofCheck("customer_feedback_rating_check", "CHECK (((rating >= 1) AND (rating <= 5)))"))
                .isEqualTo("rating must be between 1 and 5");
    }

    @Test
    void otherRulesAreNamedButNeverQuoted() {
        String meaning = ConstraintMeaning.ofCheck("metric_day", "CHECK ((\"timestamp\" = (metric_date)::timestamp))");
        assertThat(meaning).isEqualTo("the row breaks the rule metric_day").doesNotContain("CHECK");
        assertThat(ConstraintMeaning.ofUnique(List.of("organization_id", "name")))
                .isEqualTo("another row already has this combination of organization_id, name");
        assertThat(ConstraintMeaning.ofForeignKey("agent_id", "agent_manager.agents"))
                .isEqualTo("agent_id must name an existing agent that you can see");
    }
}
