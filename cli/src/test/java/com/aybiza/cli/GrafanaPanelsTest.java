package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped Grafana dashboard reads only what bi_reader may read (the six aggregate views of V30 and V43's latency
 * percentiles) through the data source the provisioning file defines, and has the panels the BI issue asks for. That
 * every query runs and returns rows as bi_reader is checked against a live run's database in LocalCommandIT.
 */
class GrafanaPanelsTest {

    private static final List<String> BI_VIEWS = List.of("call_analytics.call_analytics_hourly",
            "call_analytics.tenant_usage_daily", "call_analytics.performance_metrics_hourly",
            "security.security_events_daily", "billing.usage_hourly", "billing.billing_daily",
            "call_analytics.latency_percentiles_hourly");
    private static final Pattern RELATION = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([a-z_]+\\.[a-z_]+)");

    @Test
    void everyPanelReadsOnlyTheAggregateViewsThatBiReaderMayRead() throws Exception {
        List<GrafanaPanels.Panel> panels = GrafanaPanels.panels();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(5);
        for (GrafanaPanels.Panel panel : panels) {
            Matcher relations = RELATION.matcher(panel.sql());
            int found = 0;
            while (relations.find()) {
                found++;
                assertThat(relations.group(1)).as(panel.title()).isIn(BI_VIEWS);
            }
            assertThat(found).as("relations read by " + panel.title()).isPositive();
            assertThat(GrafanaPanels.expanded(panel.sql())).as(panel.title()).doesNotContain("$__");
        }
    }

    @Test
    void hasThePanelsTheBiIssueAsksFor() throws Exception {
        assertThat(GrafanaPanels.panels()).extracting(GrafanaPanels.Panel::title).contains("Calls per hour",
                "Answer rate per hour", "Turn latency per hour (mean, min, max)", "Turn latency per hour (p50, p95, p99)",
                "Usage and cost per tenant and day", "Security events per day by severity");
    }

    @Test
    void panelsUseTheProvisionedDataSource() throws Exception {
        String provisioning = Files.readString(GrafanaPanels.DASHBOARD.getParent().getParent()
                .resolve("provisioning/datasources/aybiza.yaml"));
        Matcher uid = Pattern.compile("(?m)^\\s*uid:\\s*(\\S+)").matcher(provisioning);
        assertThat(uid.find()).isTrue();
        for (JsonNode panel : GrafanaPanels.dashboard().get("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo(uid.group(1));
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo(uid.group(1));
            }
        }
    }
}
