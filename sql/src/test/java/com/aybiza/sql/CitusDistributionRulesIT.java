package com.aybiza.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No Citus build can be installed on these machines, so the Citus migration (citus/V40) is checked the next best
 * way: replayed on a real PostgreSQL after the plain-PostgreSQL schema, against stand-in create_distributed_table /
 * create_reference_table functions that enforce the Citus rules readable from the catalog (distribution column in
 * every unique key, colocation by column type, which foreign keys Citus accepts, no nullable distribution column).
 * What this cannot show: shard placement, propagation to workers, Citus's own DDL paths.
 */
class CitusDistributionRulesIT {

    @RegisterExtension
    static final EmbeddedPostgresExtension POSTGRES = new EmbeddedPostgresExtension();

    @TempDir
    Path migrations;

    private static String resource(String name) throws Exception {
        try (InputStream in = Objects.requireNonNull(
                CitusDistributionRulesIT.class.getClassLoader().getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void citusMigrationKeepsEveryRuleCitusEnforces() throws Exception {
        // The stand-ins take V39's place (CREATE EXTENSION citus), then the real Citus migrations run.
        Files.writeString(migrations.resolve("V39__citus_stand_ins.sql"), resource("citus-standin/citus_stand_ins.sql"));
        for (String migration : List.of("V40__citus_distribution.sql", "V41__citus_usage_idempotency.sql")) {
            Files.writeString(migrations.resolve(migration), resource("db/migration/citus/" + migration));
        }
        String db = POSTGRES.newDatabase();

        SchemaMigrator.Report report = new SchemaMigrator(POSTGRES.settings(db))
                .migrate(new DatabaseFeatures(false, false, false), List.of("filesystem:" + migrations));

        // V42, V43 and V44 (common: the CRUD service's row-level security, the latency percentiles, the request
        // counters) run after the Citus migrations.
        assertThat(report.schemaVersion()).isEqualTo("44");
        try (Connection c = POSTGRES.settings(db).open(); Statement st = c.createStatement()) {
            st.execute(resource("citus-standin/citus_rules_check.sql"));
            assertThat(Catalog.strings(c, "SELECT kind || ' ' || count(*) FROM citus_standin.tables t "
                    + "JOIN pg_class k ON k.oid = t.relid WHERE NOT k.relispartition GROUP BY kind ORDER BY kind"))
                    .containsExactly("distributed 50", "reference 14");
            // The document's tenant-scoped tables are distributed by tenant_id, in one colocation group with agents.
            assertThat(Catalog.strings(c, "SELECT t.relname FROM citus_standin.tables t JOIN pg_class k ON k.oid = t.relid "
                    + "WHERE NOT k.relispartition AND kind = 'distributed' AND dist_col = 'tenant_id' AND colocation = "
                    + "(SELECT colocation FROM citus_standin.tables WHERE relname = 'agent_manager.agents') ORDER BY 1"))
                    .contains("agent_manager.agents", "agent_manager.agent_versions", "agent_manager.conversation_nodes",
                            "agent_intelligence.agent_configurations", "phone_manager.phone_numbers",
                            "call_analytics.calls", "call_analytics.call_transcripts", "automation_engine.workflows",
                            "automation_engine.workflow_versions", "automation_engine.workflow_nodes",
                            "compliance.consent_records", "billing.usage_idempotency");
        }
    }
}
