package io.meshfed.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated Sail operator reports Istio and IstioCNI healthy, as the real one does. */
class SailOperatorSimulatorTest {

  private static SimulatedCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster =
        SimulatedCluster.start(
            SimulatedClusterSpec.of(
                "cluster-sail", "region1", "zone1", null, AddressPool.ips("10.1.0.1")));
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void anIstioBecomesReadyAndHealthy() {
    client
        .genericKubernetesResources(MeshCrds.ISTIO)
        .resource(istio("default", "v1.28.1"))
        .create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status(MeshCrds.ISTIO, "default");
              assertThat(status)
                  .containsEntry("state", "Healthy")
                  .containsEntry("observedGeneration", 1);
              assertThat(condition(status, "Ready"))
                  .containsEntry("status", "True")
                  .containsEntry("reason", "Healthy")
                  .containsKey("lastTransitionTime");
              assertThat(condition(status, "Reconciled")).containsEntry("status", "True");
              assertThat(status).containsEntry("activeRevisionName", "default");
            });
  }

  @Test
  void aSpecChangeIsObservedAgain() {
    client
        .genericKubernetesResources(MeshCrds.ISTIO)
        .resource(istio("upgraded", "v1.27.3"))
        .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(status(MeshCrds.ISTIO, "upgraded"))
                    .containsEntry("observedGeneration", 1));

    GenericKubernetesResource current =
        client.genericKubernetesResources(MeshCrds.ISTIO).withName("upgraded").get();
    current.setAdditionalProperty(
        "spec", Map.of("version", "v1.28.1", "namespace", "istio-system"));
    client.genericKubernetesResources(MeshCrds.ISTIO).resource(current).update();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              GenericKubernetesResource istio =
                  client.genericKubernetesResources(MeshCrds.ISTIO).withName("upgraded").get();
              assertThat(istio.getMetadata().getGeneration()).isEqualTo(2L);
              assertThat(status(MeshCrds.ISTIO, "upgraded"))
                  .containsEntry("observedGeneration", 2)
                  .containsEntry("state", "Healthy");
            });
  }

  @Test
  void anIstioCniBecomesReady() {
    client.genericKubernetesResources(MeshCrds.ISTIO_CNI).resource(cni("default")).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Object> status = status(MeshCrds.ISTIO_CNI, "default");
              assertThat(status).containsEntry("state", "Healthy");
              assertThat(condition(status, "Ready")).containsEntry("status", "True");
            });
  }

  @Test
  void anIstioAndAnIstioCniOfTheSameNameAreBothServed() {
    client.genericKubernetesResources(MeshCrds.ISTIO).resource(istio("twin", "v1.28.1")).create();
    client.genericKubernetesResources(MeshCrds.ISTIO_CNI).resource(cni("twin")).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(status(MeshCrds.ISTIO, "twin")).containsEntry("state", "Healthy");
              assertThat(status(MeshCrds.ISTIO_CNI, "twin")).containsEntry("state", "Healthy");
            });
  }

  private static GenericKubernetesResource cni(String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("sailoperator.io/v1")
        .withKind("IstioCNI")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("version", "v1.28.1", "namespace", "istio-cni"))
        .build();
  }

  private static GenericKubernetesResource istio(String name, String version) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("sailoperator.io/v1")
        .withKind("Istio")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties(
            "spec",
            Map.of(
                "version",
                version,
                "namespace",
                "istio-system",
                "values",
                Map.of("global", Map.of("meshID", "mesh1", "network", "network1"))))
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> status(ResourceDefinitionContext kind, String name) {
    GenericKubernetesResource r = client.genericKubernetesResources(kind).withName(name).get();
    Object status = r.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(Map<String, Object> status, String type) {
    return ((List<Map<String, Object>>) status.getOrDefault("conditions", List.of()))
        .stream().filter(c -> type.equals(c.get("type"))).findFirst().orElse(Map.of());
  }
}
