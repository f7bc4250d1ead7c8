package io.meshfed.deploy;

import static io.meshfed.deploy.ChartsCommonTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubChartTest {

  private static final String CHART = Charts.HUB;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

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
        .as("refused by values.schema.json")
        .hasMessageContaining("at '/hub/replicas'");
    assertThat(
            Charts.deployment(Charts.render(CHART, Charts.requiredAnd(CHART, "hub.replicas", 0)))
                .getSpec()
                .getReplicas())
        .isZero();
  }

  @Test
  void theEventApiIsAServiceOnTheHttpPortAlone() {
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
  void requestSizeBoundReachesTheHub() {
    assertThat(
            env(
                Charts.deployment(Charts.render(CHART, Charts.required(CHART))),
                "MESHFED_HUB_MAX_REQUEST_BYTES"))
        .isEqualTo("65536");
    assertThat(
            env(
                Charts.deployment(
                    Charts.render(CHART, Charts.requiredAnd(CHART, "hub.maxRequestBytes", 131072))),
                "MESHFED_HUB_MAX_REQUEST_BYTES"))
        .isEqualTo("131072");
  }

  @Test
  void restApiVerifiesBearerTokensWithTheConfiguredKeyAndIssuer() {
    Deployment jwks =
        Charts.deployment(
            Charts.render(CHART, Charts.requiredAnd(CHART, "jwt.audiences", "meshfed-hub")));

    assertThat(env(jwks, "MP_JWT_VERIFY_PUBLICKEY_LOCATION"))
        .isEqualTo("https://idp.example/realms/platform/certs");
    assertThat(env(jwks, "MP_JWT_VERIFY_ISSUER")).isEqualTo("https://idp.example/realms/platform");
    assertThat(env(jwks, "MP_JWT_VERIFY_AUDIENCES")).isEqualTo("meshfed-hub");

    Map<String, Object> fromSecret = Charts.required(CHART);
    fromSecret.remove("jwt.publicKeyLocation");
    fromSecret.put("jwt.publicKeySecret", "hub-jwt");
    Deployment mounted = Charts.deployment(Charts.render(CHART, fromSecret));
    assertThat(env(mounted, "MP_JWT_VERIFY_PUBLICKEY_LOCATION"))
        .isEqualTo("/etc/meshfed/jwt/public-key.pem");
    assertThat(volume(mounted, "jwt-key").getSecret().getSecretName()).isEqualTo("hub-jwt");
    assertThat(mount(mounted, "jwt-key").getReadOnly()).isTrue();
  }

  @Test
  void renderingWithoutAVerificationKeyOrIssuerFailsNamingTheValue() {
    Map<String, Object> noKey = Charts.required(CHART);
    noKey.remove("jwt.publicKeyLocation");
    Map<String, Object> noIssuer = Charts.required(CHART);
    noIssuer.remove("jwt.issuer");

    assertThatThrownBy(() -> Charts.template(CHART, noKey))
        .hasMessageContaining("jwt.publicKeyLocation")
        .hasMessageContaining("jwt.publicKeySecret");
    assertThatThrownBy(() -> Charts.template(CHART, noIssuer))
        .hasMessageContaining("jwt.issuer is required");
  }

  @Test
  void rootCasLiveOnAClaimThatOutlivesTheRelease() {
    List<HasMetadata> objects = Charts.render(CHART, Charts.required(CHART));
    PersistentVolumeClaim claim = Charts.one(objects, PersistentVolumeClaim.class);
    Deployment deployment = Charts.deployment(objects);

    assertThat(claim.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(volume(deployment, "ca").getPersistentVolumeClaim().getClaimName())
        .isEqualTo(claim.getMetadata().getName());
    assertThat(mount(deployment, "ca").getMountPath()).isEqualTo("/var/lib/meshfed/ca");
    assertThat(env(deployment, "MESHFED_HUB_CA_DIR")).isEqualTo("/var/lib/meshfed/ca");
    assertThat(env(deployment, "MESHFED_HUB_CA_INTERMEDIATE_LIFETIME")).isEqualTo("365d");
    assertThat(env(deployment, "MESHFED_HUB_STATUS_REQUIRE_REGISTERED_KEY")).isEqualTo("true");

    List<HasMetadata> existing =
        Charts.render(CHART, Charts.requiredAnd(CHART, "ca.persistence.existingClaim", "pki"));
    assertThat(Charts.all(existing, PersistentVolumeClaim.class)).isEmpty();
    assertThat(volume(Charts.deployment(existing), "ca").getPersistentVolumeClaim().getClaimName())
        .isEqualTo("pki");
    assertThat(
            volume(
                    Charts.deployment(
                        Charts.render(
                            CHART, Charts.requiredAnd(CHART, "ca.persistence.enabled", false))),
                    "ca")
                .getEmptyDir())
        .isNotNull();
  }

  @Test
  void importedRootsAreMountedFromTheirSecretsAndNamedInAConfigFile() {
    List<HasMetadata> objects =
        Charts.render(
            CHART,
            Charts.requiredAnd(
                CHART,
                "ca.imports[0].meshId",
                "mdemo-mesh",
                "ca.imports[0].secretName",
                "mdemo-root"));
    Deployment deployment = Charts.deployment(objects);
    ConfigMap imports =
        Charts.all(objects, ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().endsWith("-ca-imports"))
            .findFirst()
            .orElseThrow();

    assertThat(imports.getData().get("ca-imports.properties"))
        .contains(
            "meshfed.hub.ca.imports.mdemo-mesh.certificate="
                + "/etc/meshfed/ca-imports/mdemo-mesh/root-cert.pem")
        .contains(
            "meshfed.hub.ca.imports.mdemo-mesh.key=/etc/meshfed/ca-imports/mdemo-mesh/root-key.pem");
    assertThat(env(deployment, "QUARKUS_CONFIG_LOCATIONS"))
        .isEqualTo("/etc/meshfed/ca-imports-config/ca-imports.properties");
    var secret = volume(deployment, "ca-import-mdemo-mesh").getSecret();
    assertThat(secret.getSecretName()).isEqualTo("mdemo-root");
    assertThat(secret.getItems())
        .extracting(i -> i.getKey() + "->" + i.getPath())
        .containsExactly("tls.crt->root-cert.pem", "tls.key->root-key.pem");
    assertThat(mount(deployment, "ca-import-mdemo-mesh").getMountPath())
        .isEqualTo("/etc/meshfed/ca-imports/mdemo-mesh");
    assertThatThrownBy(
            () ->
                Charts.template(
                    CHART,
                    Charts.requiredAnd(
                        CHART,
                        "ca.imports[0].meshId",
                        "Bad_Mesh",
                        "ca.imports[0].secretName",
                        "x")))
        .hasMessageContaining("at '/ca/imports/0/meshId'");
  }

  private static Volume volume(Deployment deployment, String name) {
    return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> name.equals(v.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static VolumeMount mount(Deployment deployment, String name) {
    return deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getVolumeMounts()
        .stream()
        .filter(m -> name.equals(m.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume mount " + name));
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

    var serviceMonitor = AgentChartTest.onlyOfKind(service, "ServiceMonitor");
    assertThat(AgentChartTest.first(serviceMonitor, "endpoints"))
        .containsEntry("path", "/q/metrics")
        .containsEntry("port", "management");
    assertThat(
            AgentChartTest.first(
                AgentChartTest.onlyOfKind(pod, "PodMonitor"), "podMetricsEndpoints"))
        .containsEntry("path", "/q/metrics")
        .containsEntry("port", "management");

    // The ServiceMonitor selects the management port's own Service, never the API's.
    Map<String, String> selector = AgentChartTest.matchLabels(serviceMonitor);
    List<Service> selected =
        Charts.all(service, Service.class).stream()
            .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
            .toList();
    assertThat(selected)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getMetadata().getName()).endsWith("-management");
              assertThat(s.getSpec().getPorts())
                  .singleElement()
                  .satisfies(
                      p -> {
                        assertThat(p.getName()).isEqualTo("management");
                        assertThat(p.getPort()).isEqualTo(9000);
                        assertThat(p.getTargetPort().getStrVal()).isEqualTo("management");
                      });
            });
    assertThat(Charts.all(service, Service.class)).hasSize(2);
    assertThat(Charts.all(pod, Service.class))
        .as("no management Service without a ServiceMonitor")
        .hasSize(1);
  }

  @Test
  void alertRulesAreAPrometheusRuleOnlyWhenAskedFor() {
    assertThat(Charts.ofKind(Charts.render(CHART, Charts.required(CHART)), "PrometheusRule"))
        .isEmpty();

    HasMetadata rule =
        AgentChartTest.onlyOfKind(
            Charts.render(
                CHART,
                Charts.requiredAnd(
                    CHART,
                    "prometheusRule.enabled",
                    true,
                    "prometheusRule.labels.release",
                    "kube-prometheus")),
            "PrometheusRule");

    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.getMetadata().getNamespace()).isEqualTo(Charts.NAMESPACE);
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus");
    JsonNode groups = JSON.valueToTree(spec(rule).get("groups"));
    assertThat(groups)
        .as("the rendered groups are those of deploy/prometheus/meshfed-alerts.yaml")
        .isEqualTo(ruleFileGroups());
  }

  @Test
  void runbookUrlsBecomeLinksUnderTheConfiguredBase() {
    HasMetadata rule =
        AgentChartTest.onlyOfKind(
            Charts.render(
                CHART,
                Charts.requiredAnd(
                    CHART,
                    "prometheusRule.enabled",
                    true,
                    "prometheusRule.runbookBaseUrl",
                    "https://git.example/platform/meshfed/blob/main/")),
            "PrometheusRule");
    JsonNode groups = JSON.valueToTree(spec(rule).get("groups"));
    List<String> urls = groups.findValues("runbook_url").stream().map(JsonNode::asText).toList();

    assertThat(urls)
        .hasSize(ruleFileGroups().findValues("alert").size())
        .allMatch(
            u -> u.startsWith("https://git.example/platform/meshfed/blob/main/docs/runbooks.md#"));
    assertThatThrownBy(
            () ->
                Charts.template(
                    CHART,
                    Charts.requiredAnd(
                        CHART, "prometheusRule.runbookBaseUrl", "git.example/meshfed")))
        .hasMessageContaining("at '/prometheusRule/runbookBaseUrl'");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(HasMetadata resource) {
    return (Map<String, Object>)
        ((GenericKubernetesResource) resource).getAdditionalProperties().get("spec");
  }

  private static JsonNode ruleFileGroups() {
    try {
      return YAML.readTree(DeployDir.resolve("prometheus/meshfed-alerts.yaml").toFile())
          .path("groups");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void requestSignersArePublicKeysTheHubReadsFromAConfigMap() {
    List<HasMetadata> without = Charts.render(CHART, Charts.required(CHART));
    assertThat(Charts.all(without, ConfigMap.class))
        .noneMatch(c -> c.getMetadata().getName().endsWith("-request-signers"));
    assertThat(
            ChartsCommonTest.envVar(Charts.deployment(without), "MESHFED_HUB_REQUEST_SIGNERS_FILE"))
        .isEmpty();

    List<HasMetadata> objects =
        Charts.render(
            CHART,
            Charts.requiredAnd(
                CHART,
                "requestSigners[0].name",
                "team-a",
                "requestSigners[0].publicKey",
                Charts.HUB_SIGNING_KEY,
                "requestSigners[0].groups[0]",
                "mesh-admin:team-a"));
    ConfigMap signers =
        Charts.all(objects, ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().endsWith("-request-signers"))
            .findFirst()
            .orElseThrow();
    assertThat(signers.getData().get("request-signers.json"))
        .isEqualTo(
            "[{\"groups\":[\"mesh-admin:team-a\"],\"name\":\"team-a\",\"publicKey\":\""
                + Charts.HUB_SIGNING_KEY
                + "\"}]");
    Deployment hub = Charts.deployment(objects);
    assertThat(env(hub, "MESHFED_HUB_REQUEST_SIGNERS_FILE"))
        .isEqualTo("/etc/meshfed/request-signers/request-signers.json");
    assertThat(hub.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
        .anyMatch(m -> m.getMountPath().equals("/etc/meshfed/request-signers"));

    assertThatThrownBy(
            () ->
                Charts.template(
                    CHART,
                    Charts.requiredAnd(
                        CHART,
                        "requestSigners[0].name",
                        "team-a",
                        "requestSigners[0].publicKey",
                        "not-a-key",
                        "requestSigners[0].groups[0]",
                        "mesh-admin")))
        .hasMessageContaining("publicKey");
  }
}
