package io.meshfed.deploy;

import static io.meshfed.deploy.ChartsCommonTest.env;
import static io.meshfed.deploy.ChartsCommonTest.envVar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentChartTest {

  private static final String CHART = Charts.AGENT;

  @Test
  void renderingWithoutClusterNameFailsNamingTheValue() {
    Map<String, Object> values = Charts.required(CHART);
    values.remove("clusterName");

    assertThatThrownBy(() -> Charts.template(CHART, values))
        .hasMessageContaining("clusterName is required");
  }

  @Test
  void theAgentKnowsItsClusterAndOptionalApiServerUrl() {
    Deployment plain = Charts.deployment(Charts.render(CHART, Charts.required(CHART)));
    Deployment overridden =
        Charts.deployment(
            Charts.render(
                CHART, Charts.requiredAnd(CHART, "apiServerUrl", "https://api.east.example:6443")));

    assertThat(env(plain, "MESHFED_AGENT_CLUSTER_NAME")).isEqualTo("cluster-east");
    assertThat(envVar(plain, "MESHFED_AGENT_API_SERVER_URL")).isEmpty();
    assertThat(env(overridden, "MESHFED_AGENT_API_SERVER_URL"))
        .isEqualTo("https://api.east.example:6443");
  }

  @Test
  void secretsAndGatewayRightsAreARoleInIstioSystemOnly() {
    List<HasMetadata> objects =
        Charts.withoutPeerReader(Charts.render(CHART, Charts.required(CHART)));
    ServiceAccount account = Charts.one(objects, ServiceAccount.class);

    Role role = inNamespace(Charts.all(objects, Role.class), "istio-system");
    RoleBinding binding = inNamespace(Charts.all(objects, RoleBinding.class), "istio-system");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
              assertThat(s.getNamespace()).isEqualTo(Charts.NAMESPACE);
            });
    ClusterRoleBinding clusterBinding = Charts.one(objects, ClusterRoleBinding.class);
    assertThat(clusterBinding.getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo(account.getMetadata().getName()));
  }

  @Test
  void peersReadTheClusterWithAnAccountThatReadsNoSecretUnlessGatewayCredentialsAreAskedFor() {
    List<HasMetadata> objects = Charts.render(CHART, Charts.required(CHART));
    ServiceAccount reader = named(Charts.all(objects, ServiceAccount.class), Charts.PEER_READER);
    ClusterRole role = named(Charts.all(objects, ClusterRole.class), Charts.PEER_READER);
    ClusterRoleBinding binding =
        named(Charts.all(objects, ClusterRoleBinding.class), Charts.PEER_READER);

    assertThat(reader.getMetadata().getNamespace()).isEqualTo("istio-system");
    assertThat(binding.getRoleRef().getName()).isEqualTo(Charts.PEER_READER);
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo(Charts.PEER_READER);
              assertThat(s.getNamespace()).isEqualTo("istio-system");
            });
    assertThat(role.getRules())
        .as("rules naming secrets")
        .noneMatch(
            r ->
                r.getResources().contains("secrets")
                    || r.getResources().contains("*") && r.getApiGroups().contains(""));
    assertThat(role.getRules())
        .as("what a peer istiod lists in the cluster")
        .anyMatch(
            r ->
                r.getApiGroups().contains("")
                    && r.getResources().containsAll(List.of("services", "pods", "namespaces"))
                    && r.getVerbs().containsAll(List.of("list", "watch")));

    ClusterRole withGatewayCredentials =
        named(
            Charts.all(
                Charts.render(CHART, Charts.requiredAnd(CHART, "reader.gatewayCredentials", true)),
                ClusterRole.class),
            Charts.PEER_READER);
    assertThat(withGatewayCredentials.getRules())
        .anyMatch(
            r ->
                r.getResources().equals(List.of("secrets"))
                    && r.getVerbs().equals(List.of("get", "list", "watch")));
  }

  private static <T extends HasMetadata> T named(List<T> objects, String name) {
    return objects.stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no object named " + name + " in " + objects));
  }

  @Test
  void istioSystemIsCreatedAndKeptUnlessItExists() {
    Namespace created = Charts.one(Charts.render(CHART, Charts.required(CHART)), Namespace.class);
    List<HasMetadata> existing =
        Charts.render(CHART, Charts.requiredAnd(CHART, "createIstioNamespace", false));

    assertThat(created.getMetadata().getName()).isEqualTo("istio-system");
    assertThat(created.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(Charts.all(existing, Namespace.class)).isEmpty();
    assertThat(Charts.all(existing, Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("istio-system", "kube-public");
  }

  @Test
  void clusterInfoIsTheOnlyThingReadInKubePublic() {
    List<HasMetadata> objects = Charts.render(CHART, Charts.required(CHART));
    Role role = inNamespace(Charts.all(objects, Role.class), "kube-public");
    RoleBinding binding = inNamespace(Charts.all(objects, RoleBinding.class), "kube-public");

    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources()).containsExactly("configmaps");
              assertThat(r.getVerbs()).containsExactly("get");
            });
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
  }

  private static <T extends HasMetadata> T inNamespace(List<T> objects, String namespace) {
    List<T> found =
        objects.stream().filter(o -> namespace.equals(o.getMetadata().getNamespace())).toList();
    assertThat(found).as("objects in %s", namespace).hasSize(1);
    return found.get(0);
  }

  @Test
  void serviceMonitorScrapesQuarkusMetricsAndLabelsTheCluster() {
    List<HasMetadata> objects =
        Charts.render(CHART, Charts.requiredAnd(CHART, "serviceMonitor.enabled", true));

    GenericKubernetesResource monitor = onlyOfKind(objects, "ServiceMonitor");
    Service service = Charts.one(objects, Service.class);
    Map<String, Object> endpoint = first(monitor, "endpoints");
    assertThat(endpoint).containsEntry("path", "/q/metrics").containsEntry("port", "management");
    // The agent serves no API: its Service has the management port only.
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("management");
              assertThat(p.getPort()).isEqualTo(9000);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("management");
            });
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(matchLabels(monitor));
    assertThat(endpoint.get("relabelings").toString())
        .contains("targetLabel=cluster")
        .contains("replacement=cluster-east");
    assertThat(Charts.ofKind(objects, "PodMonitor")).isEmpty();
  }

  @Test
  void podMonitorInsteadOfAServiceMonitor() {
    List<HasMetadata> objects =
        Charts.render(CHART, Charts.requiredAnd(CHART, "podMonitor.enabled", true));

    GenericKubernetesResource monitor = onlyOfKind(objects, "PodMonitor");
    Deployment deployment = Charts.deployment(objects);
    assertThat(first(monitor, "podMetricsEndpoints"))
        .containsEntry("path", "/q/metrics")
        .containsEntry("port", "management");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(matchLabels(monitor));
    assertThat(Charts.ofKind(objects, "ServiceMonitor")).isEmpty();
  }

  @Test
  void noMonitorsByDefaultAndNotBothAtOnce() {
    List<HasMetadata> objects = Charts.render(CHART, Charts.required(CHART));

    assertThat(Charts.ofKind(objects, "ServiceMonitor")).isEmpty();
    assertThat(Charts.ofKind(objects, "PodMonitor")).isEmpty();
    assertThatThrownBy(
            () ->
                Charts.template(
                    CHART,
                    Charts.requiredAnd(
                        CHART, "serviceMonitor.enabled", true, "podMonitor.enabled", true)))
        .hasMessageContaining("serviceMonitor.enabled and podMonitor.enabled are both true");
  }

  @Test
  void dashboardConfigMapCarriesTheAgentDashboardForTheGrafanaSidecar() {
    ConfigMap dashboards =
        Charts.one(Charts.render(CHART, Charts.required(CHART)), ConfigMap.class);
    String file =
        DeployDir.read(Charts.dir(CHART).resolve("dashboards/meshfed-agent.json")).stripTrailing();

    assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboards.getData()).containsOnlyKeys("meshfed-agent.json");
    assertThat(dashboards.getData().get("meshfed-agent.json")).isEqualTo(file);
    assertThat(
            Charts.all(
                Charts.render(CHART, Charts.requiredAnd(CHART, "dashboards.enabled", false)),
                ConfigMap.class))
        .isEmpty();
  }

  static GenericKubernetesResource onlyOfKind(List<HasMetadata> objects, String kind) {
    List<HasMetadata> found = Charts.ofKind(objects, kind);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    return (GenericKubernetesResource) found.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> first(GenericKubernetesResource resource, String listField) {
    Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    return ((List<Map<String, Object>>) spec.get(listField)).get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> matchLabels(GenericKubernetesResource resource) {
    Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    Map<String, Object> selector = (Map<String, Object>) spec.get("selector");
    return (Map<String, String>) selector.get("matchLabels");
  }
}
