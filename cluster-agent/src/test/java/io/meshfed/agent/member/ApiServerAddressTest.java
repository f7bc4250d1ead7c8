package io.meshfed.agent.member;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The address peers get is one they can reach, never a pod's in-cluster address. */
class ApiServerAddressTest {

  private static final Optional<String> IN_A_POD = Optional.of("10.96.0.1");

  private static Optional<GenericKubernetesResource> clusterInfo(String server) {
    return Optional.of(
        new GenericKubernetesResourceBuilder()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withNewMetadata()
            .withName("cluster-info")
            .withNamespace("kube-public")
            .endMetadata()
            .withAdditionalProperties(
                Map.of(
                    "data",
                    Map.of(
                        "kubeconfig",
                        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n"
                            + "    certificate-authority-data: Q0E=\n    server: "
                            + server
                            + "\n  name: \"\"\n")))
            .build());
  }

  @Test
  void theConfiguredAddressWins() {
    assertThat(
            ApiServerAddress.resolve(
                Optional.of("https://east.api.example.com:6443"),
                () -> clusterInfo("https://10.0.0.5:6443"),
                "https://10.96.0.1:443",
                IN_A_POD))
        .contains("https://east.api.example.com:6443");
  }

  @Test
  void anAddressNoStatusMayCarryIsNoAddress() {
    assertThat(
            ApiServerAddress.resolve(
                Optional.of("http://east.api.example.com:6443"),
                () -> clusterInfo("https://10.0.0.5:6443"),
                "https://10.96.0.1:443",
                IN_A_POD))
        .as("a configured http URL is not replaced by another: the cluster says it has none")
        .isEmpty();
    assertThat(
            ApiServerAddress.resolve(
                Optional.empty(),
                () -> clusterInfo("http://192.0.2.7:6443"),
                "https://203.0.113.9:6443",
                IN_A_POD))
        .contains("https://203.0.113.9:6443");
  }

  @Test
  void withoutOneTheControlPlaneEndpointOfClusterInfoIsUsed() {
    assertThat(
            ApiServerAddress.resolve(
                Optional.empty(),
                () -> clusterInfo("https://192.0.2.7:6443"),
                "https://10.96.0.1:443",
                IN_A_POD))
        .contains("https://192.0.2.7:6443");
  }

  @Test
  void aPodsInClusterAddressIsNeverReported() {
    assertThat(
            ApiServerAddress.resolve(
                Optional.empty(), Optional::empty, "https://10.96.0.1:443", IN_A_POD))
        .isEmpty();
    assertThat(
            ApiServerAddress.resolve(
                Optional.empty(),
                () -> clusterInfo("https://kubernetes.default.svc:443"),
                "https://kubernetes.default.svc.cluster.local",
                Optional.empty()))
        .isEmpty();
  }

  @Test
  void aKubeconfigsServerOutsideAPodIsUsed() {
    assertThat(
            ApiServerAddress.resolve(
                Optional.empty(), Optional::empty, "https://127.0.0.1:41234", Optional.empty()))
        .contains("https://127.0.0.1:41234");
  }

  @Test
  void anAddressOnceFoundIsKeptAndTheResolutionRetriedUntilThen() {
    AtomicInteger calls = new AtomicInteger();
    var remembered =
        ApiServerAddress.remembered(
            () ->
                calls.incrementAndGet() < 3
                    ? Optional.empty()
                    : Optional.of("https://192.0.2.7:6443"));

    assertThat(remembered.get()).isEmpty();
    assertThat(remembered.get()).isEmpty();
    assertThat(remembered.get()).contains("https://192.0.2.7:6443");
    assertThat(remembered.get()).contains("https://192.0.2.7:6443");
    assertThat(calls).hasValue(3);
  }
}
