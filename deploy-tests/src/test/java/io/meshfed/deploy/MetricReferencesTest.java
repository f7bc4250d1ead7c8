package io.meshfed.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricReferencesTest {

  @Test
  void findsMetricNamesButNotLabelsValuesRangesOrVariables() {
    String expr =
        "sum by (mesh, kafka_version) (rate(meshfed_agent_reconcile_total{cluster=~\"$cluster\","
            + " topic=\"meshfed_fake_in_a_string\"}[$__rate_interval]))"
            + " / on (mesh) group_left (kafka_client) meshfed_hub_clusters offset 5m";

    assertThat(MetricReferences.inExpression(expr))
        .containsExactly("meshfed_agent_reconcile_total", "meshfed_hub_clusters");
  }

  @Test
  void ignoresMetricsWithOtherPrefixesAndFunctions() {
    assertThat(
            MetricReferences.inExpression(
                "histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket[5m])))"
                    + " + kafka_producer_record_error_total * up"))
        .containsExactly("kafka_producer_record_error_total");
  }

  @Test
  void keepsHistogramSuffixesSoTheyAreCheckedExactly() {
    assertThat(
            MetricReferences.inExpression(
                "histogram_quantile(0.9, rate(meshfed_hub_request_to_ready_seconds_bucket[5m]))"
                    + " or meshfed_hub_request_to_ready_seconds_sum"))
        .containsExactly(
            "meshfed_hub_request_to_ready_seconds_bucket",
            "meshfed_hub_request_to_ready_seconds_sum");
  }

  @Test
  void readsPanelExpressionsAndVariableQueriesOfADashboard() {
    String json =
        """
        {"templating": {"list": [
           {"name": "datasource", "type": "datasource", "query": "prometheus"},
           {"name": "mesh", "query": {"query": "label_values(meshfed_hub_clusters, mesh)"},
            "definition": "label_values(meshfed_hub_clusters, mesh)"}]},
         "panels": [
           {"targets": [{"expr": "sum(rate(meshfed_hub_dlq_total{reason=\\"x\\"}[5m]))"}]},
           {"targets": [{"expr": "max(kafka_consumer_fetch_manager_records_lag_max)\\n"}]}]}
        """;

    assertThat(MetricReferences.inDashboard(json))
        .containsExactly(
            "kafka_consumer_fetch_manager_records_lag_max",
            "meshfed_hub_clusters",
            "meshfed_hub_dlq_total");
  }

  @Test
  void readsEveryScalarStyleOfRuleExpressions() {
    String yaml =
        """
        groups:
          - name: g
            rules:
              - alert: Plain
                expr: meshfed_a_total > 0 # a comment
              - alert: Quoted
                expr: "meshfed_b{x=\\"y\\"} == 1"
              - alert: Single
                expr: 'meshfed_c{x=''y''} == 1'
              - alert: Block
                expr: >-
                  sum by (reason) (
                    increase(meshfed_d_total[5m])
                  ) > 0
                for: 5m
              - record: meshfed:e
                expr: |
                  kafka_producer_record_error_total
        """;

    assertThat(MetricReferences.inRules(yaml))
        .containsExactly(
            "kafka_producer_record_error_total",
            "meshfed_a_total",
            "meshfed_b",
            "meshfed_c",
            "meshfed_d_total");
  }

  @Test
  void exposedNamesComeFromSamplesAndFromTypeLines() {
    String scrape =
        """
        # HELP meshfed_agent_reconcile_seconds Reconciles
        # TYPE meshfed_agent_reconcile_seconds summary
        meshfed_agent_reconcile_seconds_count{outcome="success"} 3
        meshfed_agent_reconcile_seconds_sum{outcome="success"} 0.4
        # TYPE meshfed_agent_reconcile_seconds_max gauge
        meshfed_agent_reconcile_seconds_max{outcome="success"} 0.2
        # TYPE meshfed_hub_request_to_ready_seconds histogram
        # TYPE meshfed_agent_dlq counter
        # TYPE kafka_producer_record_error_total counter
        kafka_producer_record_error_total{client_id="p"} 0.0
        """;

    Set<String> exposed = MetricReferences.exposedIn(scrape);

    assertThat(exposed)
        .contains(
            "meshfed_agent_reconcile_seconds_count",
            "meshfed_agent_reconcile_seconds_sum",
            "meshfed_agent_reconcile_seconds_max",
            "meshfed_hub_request_to_ready_seconds_bucket",
            "meshfed_hub_request_to_ready_seconds_count",
            "meshfed_agent_dlq_total",
            "kafka_producer_record_error_total")
        .doesNotContain("meshfed_agent_reconcile_seconds_bucket");
  }

  @Test
  void unexposedListsWhatNoScrapeHasAndNothingElse() {
    String hub = "# TYPE meshfed_hub_clusters gauge\nmeshfed_hub_clusters{mesh=\"m\"} 2\n";
    String agent = "# TYPE meshfed_agent_reconcile_seconds summary\n";

    Set<String> missing =
        MetricReferences.unexposed(
            List.of(
                "meshfed_hub_clusters",
                "meshfed_agent_reconcile_seconds_count",
                "meshfed_agent_reconcile_seconds_bucket",
                "meshfed_hub_renamed_metric"),
            List.of(hub, agent));

    assertThat(missing)
        .containsExactly("meshfed_agent_reconcile_seconds_bucket", "meshfed_hub_renamed_metric");
  }

  @Test
  void familyStripsHistogramSuffixesOnly() {
    assertThat(MetricReferences.family("meshfed_agent_reconcile_seconds_bucket"))
        .isEqualTo("meshfed_agent_reconcile_seconds");
    assertThat(MetricReferences.family("meshfed_agent_reconcile_seconds_count"))
        .isEqualTo("meshfed_agent_reconcile_seconds");
    assertThat(MetricReferences.family("meshfed_agent_reconcile_total"))
        .isEqualTo("meshfed_agent_reconcile_total");
    assertThat(MetricReferences.families(List.of("a_sum", "a_count", "b_max")))
        .containsExactly("a", "b_max");
  }

  @Test
  void theDeployDirectoryReferencesTheServicesMetrics() {
    Set<String> referenced = MetricReferences.inDeployDir(DeployDir.root());

    assertThat(referenced)
        .contains(
            "meshfed_hub_clusters",
            "meshfed_agent_phase",
            "meshfed_hub_dlq_total",
            "kafka_consumer_fetch_manager_records_lag_max")
        .allMatch(n -> n.startsWith("meshfed_") || n.startsWith("kafka_"));
  }
}
