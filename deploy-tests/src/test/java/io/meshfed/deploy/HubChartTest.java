package io.meshfed.deploy;

import static io.meshfed.deploy.ChartsCommonTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

class HubChartTest {

  private static final String CHART = Charts.HUB;

  @Test
  void theHubGetsNoKubernetesRightsAndNoApiToken() {
    List<HasMetadata> objects = Charts.render(CHART, Charts.required(CHART));

    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .doesNotContain("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "Namespace");
    assertThat(
            Charts.deployment(objects)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getAutomountServiceAccountToken())
        .isFalse();
  }

  @Test
  void moreThanOneHubIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> Charts.template(CHART, Charts.requiredAnd(CHART, "hub.replicas", 2)))
        .hasMessageContaining("hub.replicas must be 1");
    assertThat(
            Charts.deployment(Charts.render(CHART, Charts.requiredAnd(CHART, "hub.replicas", 0)))
                .getSpec()
                .getReplicas())
        .isZero();
  }

  @Test
  void theEventApiIsAServiceOnTheHttpPort() {
    List<HasMetadata> objects = Charts.render(CHART, Charts.required(CHART));
    Service service = Charts.one(objects, Service.class);
    Deployment deployment = Charts.deployment(objects);

    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(8080);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
  }

  @Test
  void unreachableTimeoutReachesTheHub() {
    Deployment deployment =
        Charts.deployment(
            Charts.render(CHART, Charts.requiredAnd(CHART, "hub.unreachableAfter", "90s")));

    assertThat(env(deployment, "MESHFED_HUB_UNREACHABLE_AFTER")).isEqualTo("90s");
  }

  @Test
  void dashboardConfigMapCarriesTheFleetDashboard() {
    ConfigMap dashboards =
        Charts.one(Charts.render(CHART, Charts.required(CHART)), ConfigMap.class);
    String file =
        DeployDir.read(Charts.dir(CHART).resolve("dashboards/meshfed-fleet.json")).stripTrailing();

    assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboards.getData()).containsOnlyKeys("meshfed-fleet.json");
    assertThat(dashboards.getData().get("meshfed-fleet.json")).isEqualTo(file);
  }

  @Test
  void monitorsScrapeTheHubsMetrics() {
    List<HasMetadata> service =
        Charts.render(CHART, Charts.requiredAnd(CHART, "serviceMonitor.enabled", true));
    List<HasMetadata> pod =
        Charts.render(CHART, Charts.requiredAnd(CHART, "podMonitor.enabled", true));

    assertThat(
            AgentChartTest.first(AgentChartTest.onlyOfKind(service, "ServiceMonitor"), "endpoints"))
        .containsEntry("path", "/q/metrics");
    assertThat(
            AgentChartTest.first(
                AgentChartTest.onlyOfKind(pod, "PodMonitor"), "podMetricsEndpoints"))
        .containsEntry("path", "/q/metrics");
  }
}
