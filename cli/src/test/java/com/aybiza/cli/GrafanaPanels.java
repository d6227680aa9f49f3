package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.sql.DatabaseSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The panels of the shipped Grafana dashboard ({@code deploy/grafana/dashboards/aybiza-bi.json}) and their SQL, with
 * Grafana's time macro expanded the way Grafana expands it for the dashboard's default range (the last 24 hours).
 */
final class GrafanaPanels {

    record Panel(String title, String sql) {
    }

    static final Path DASHBOARD = CommandProcess.projectDir().resolve("deploy/grafana/dashboards/aybiza-bi.json");

    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\((\\w+)\\)");

    private GrafanaPanels() {
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    static List<Panel> panels() throws IOException {
        List<Panel> panels = new ArrayList<>();
        for (JsonNode panel : dashboard().get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                panels.add(new Panel(panel.get("title").asText(), target.get("rawSql").asText()));
            }
        }
        return panels;
    }

    /** The panel's SQL as Grafana sends it for "now-24h to now". */
    static String expanded(String sql) {
        return TIME_FILTER.matcher(sql).replaceAll("$1 BETWEEN now() - interval '24 hours' AND now()");
    }

    /** Runs every panel's query as {@code reader} and fails naming each panel that errs or returns no row. */
    static void assertEveryPanelReturnsRows(DatabaseSettings reader) throws Exception {
        List<String> withoutRows = new ArrayList<>();
        try (Connection c = reader.open(); Statement st = c.createStatement()) {
            for (Panel panel : panels()) {
                try (ResultSet rs = st.executeQuery(expanded(panel.sql()))) {
                    if (!rs.next()) {
                        withoutRows.add(panel.title());
                    }
                }
            }
        }
        assertThat(withoutRows).as("Grafana panels whose query returned no row as " + reader).isEmpty();
    }
}
