package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Grafana dashboards shipped in the charts are complete and query real metrics. */
class DashboardsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> dashboards() throws IOException {
    List<Path> found = new ArrayList<>();
    for (String chart : List.of(Charts.AGENT, Charts.HUB)) {
      try (Stream<Path> files = Files.list(Charts.dir(chart).resolve("dashboards"))) {
        files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(found::add);
      }
    }
    assertThat(found).hasSizeGreaterThanOrEqualTo(2);
    return found.stream();
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void everyPanelHasATitleADescriptionAndAQuery(Path file) throws IOException {
    JsonNode dashboard = JSON.readTree(file.toFile());
    Set<Integer> ids = new HashSet<>();

    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(dashboard.path("description").asText()).isNotBlank();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt()))
          .as("panel id %s is unique", panel.path("id"))
          .isTrue();
      if ("row".equals(panel.path("type").asText())) {
        continue;
      }
      String title = panel.path("title").asText();
      assertThat(title).isNotBlank();
      assertThat(panel.path("description").asText()).as("description of %s", title).isNotBlank();
      assertThat(panel.path("targets")).as("targets of %s", title).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(MetricReferences.inExpression(target.path("expr").asText()))
            .as("metrics queried by %s", title)
            .isNotEmpty();
      }
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void everyQueryIsValidPromQl(Path file, @TempDir Path temp) throws Exception {
    JsonNode dashboard = JSON.readTree(file.toFile());
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr =
            target
                .path("expr")
                .asText()
                .replace("$__rate_interval", "5m")
                .replace("$__range", "1h")
                .replaceAll("\\$[a-z_]+", ".*");
        rules
            .append("      - record: meshfed:dashboard_query:")
            .append(n++)
            .append("\n        expr: ")
            .append(JSON.writeValueAsString(expr))
            .append('\n');
      }
    }
    Path queries = temp.resolve("dashboard-queries.yaml");
    Files.writeString(queries, rules);

    Promtool.Result result = Promtool.run(temp, "check", "rules", queries.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void theDataSourceIsAVariableSoAnyPrometheusFits(Path file) throws IOException {
    JsonNode templating = JSON.readTree(file.toFile()).path("templating").path("list");

    assertThat(templating)
        .anySatisfy(
            v -> {
              assertThat(v.path("name").asText()).isEqualTo("datasource");
              assertThat(v.path("type").asText()).isEqualTo("datasource");
              assertThat(v.path("query").asText()).isEqualTo("prometheus");
            });
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void theFleetDashboardShowsWhatTheIssueAsksFor(Path file) throws IOException {
    Set<String> metrics = MetricReferences.inDashboard(Files.readString(file));
    if (file.getFileName().toString().contains("fleet")) {
      assertThat(metrics)
          .contains(
              "meshfed_hub_clusters",
              "meshfed_hub_mesh_converged",
              "meshfed_hub_request_to_ready_seconds_count",
              "meshfed_hub_unreachable_clusters",
              "meshfed_hub_records_published_total",
              "meshfed_hub_dlq_total",
              "meshfed_hub_requests_total",
              "meshfed_hub_request_to_ready_seconds_bucket",
              "meshfed_hub_gateway_change_to_mesh_record_seconds_bucket",
              "meshfed_hub_status_rejected_total",
              "meshfed_hub_intermediate_requests_total",
              "meshfed_agent_credentials_refused_total",
              "meshfed_hub_member");
    } else {
      assertThat(metrics)
          .contains(
              "meshfed_agent_reconcile_total",
              "meshfed_agent_reconcile_seconds_count",
              "meshfed_agent_apply_errors_total",
              "meshfed_agent_desired_to_ready_seconds_count",
              "meshfed_agent_reconcile_seconds_bucket",
              "meshfed_agent_desired_to_ready_seconds_bucket",
              "kafka_consumer_fetch_manager_records_lag_max");
    }
  }
}
