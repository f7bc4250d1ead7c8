package io.meshfed.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshfed.security.Pem;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated API server answers like a Kubernetes API server: discovery as {@code kubectl} asks
 * for it (plain HTTPS GETs here, the same requests {@code kubectl} makes), the Sail and Istio
 * custom resources, labelled nodes, and a kubeconfig that works.
 */
class SimulatedClusterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static SimulatedCluster cluster;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    cluster =
        SimulatedCluster.start(
            SimulatedClusterSpec.of(
                "cluster-east",
                "region1",
                "zone1",
                "subzone1",
                AddressPool.ips("10.64.30.71-10.64.30.73")));
    http = verifying(cluster);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void nodesCarryTheirLocality() {
    List<Node> nodes = cluster.client().nodes().list().getItems();

    assertThat(nodes).hasSize(3);
    assertThat(nodes)
        .allSatisfy(
            n ->
                assertThat(n.getMetadata().getLabels())
                    .containsEntry("topology.kubernetes.io/region", "region1")
                    .containsEntry("topology.kubernetes.io/zone", "zone1")
                    .containsEntry("topology.istio.io/subzone", "subzone1"));
  }

  @Test
  void versionAndCoreDiscoveryAnswerLikeAnApiServer() throws Exception {
    assertThat(get("/version").get("gitVersion").asText()).isEqualTo("v1.32.0");
    assertThat(get("/api?timeout=32s").get("versions"))
        .extracting(JsonNode::asText)
        .containsExactly("v1");

    JsonNode core = get("/api/v1?timeout=32s");
    assertThat(core.get("groupVersion").asText()).isEqualTo("v1");
    JsonNode namespaces = resource(core, "namespaces");
    assertThat(namespaces.get("namespaced").asBoolean()).isFalse();
    assertThat(namespaces.get("shortNames")).extracting(JsonNode::asText).containsExactly("ns");
    assertThat(resource(core, "services").get("namespaced").asBoolean()).isTrue();
    assertThat(resource(core, "services/status").get("verbs"))
        .extracting(JsonNode::asText)
        .contains("patch");
  }

  @Test
  void groupDiscoveryListsBuiltInAndCustomResourceGroups() throws Exception {
    JsonNode groups = get("/apis");
    List<String> names = new ArrayList<>();
    groups.get("groups").forEach(g -> names.add(g.get("name").asText()));
    assertThat(names)
        .contains(
            "apps",
            "policy",
            "rbac.authorization.k8s.io",
            "sailoperator.io",
            "networking.istio.io");

    JsonNode sail = get("/apis/sailoperator.io/v1");
    assertThat(resource(sail, "istios").get("kind").asText()).isEqualTo("Istio");
    assertThat(resource(sail, "istios").get("namespaced").asBoolean()).isFalse();
    assertThat(resource(sail, "istiocnis").get("kind").asText()).isEqualTo("IstioCNI");
    assertThat(resource(sail, "istios/status")).isNotNull();

    JsonNode istio = get("/apis/networking.istio.io/v1?timeout=32s");
    assertThat(resource(istio, "gateways").get("namespaced").asBoolean()).isTrue();
    assertThat(resource(istio, "gateways").get("shortNames"))
        .extracting(JsonNode::asText)
        .containsExactly("gw");
    assertThat(resource(istio, "virtualservices").get("shortNames"))
        .extracting(JsonNode::asText)
        .containsExactly("vs");
    assertThat(resource(get("/apis/apps/v1"), "deployments").get("kind").asText())
        .isEqualTo("Deployment");
  }

  @Test
  void unknownGroupsOpenApiAndProtobufGetWhatKubectlExpects() throws Exception {
    assertThat(send(HttpRequest.newBuilder(uri("/apis/example.com/v1")).GET()).statusCode())
        .isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(uri("/openapi/v2?timeout=32s")).GET()).statusCode())
        .isEqualTo(200);

    HttpResponse<String> protobuf =
        send(
            HttpRequest.newBuilder(uri("/api/v1/namespaces"))
                .header("Content-Type", "application/vnd.kubernetes.protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x6b, 0x38, 0x73, 0})));
    assertThat(protobuf.statusCode()).isEqualTo(415);
    assertThat(cluster.client().namespaces().list().getItems())
        .extracting(ns -> ns.getMetadata().getName())
        .containsExactlyInAnyOrder("default", "kube-system", "kube-public", "kube-node-lease");
  }

  @Test
  void theKubeconfigItWritesReachesTheCluster() throws Exception {
    Path file = cluster.writeKubeconfig(Path.of("target", "kubeconfigs", "cluster-east.yaml"));

    Config config = Config.fromKubeconfig(Files.readString(file));
    assertThat(config.getMasterUrl()).startsWith(cluster.apiServerUrl());
    assertThat(config.getCurrentContext().getName()).isEqualTo("cluster-east");
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(client.nodes().list().getItems()).hasSize(3);
      assertThat(
              client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                  .map(c -> c.getMetadata().getName()))
          .containsExactlyInAnyOrder(
              "istios.sailoperator.io",
              "istiocnis.sailoperator.io",
              "gateways.networking.istio.io",
              "virtualservices.networking.istio.io");
    }
  }

  @Test
  void oneKubeconfigReachesSeveralClustersByContext() throws Exception {
    try (SimulatedCluster west =
        SimulatedCluster.start(
            SimulatedClusterSpec.of(
                "cluster-west", "region2", "zone1", null, AddressPool.ips("10.6.136.29")))) {
      Path file =
          SimulatedCluster.writeKubeconfig(
              Path.of("target", "kubeconfigs", "all.yaml"), List.of(cluster, west));
      String yaml = Files.readString(file);

      for (String context : List.of("cluster-east", "cluster-west")) {
        Config config = Config.fromKubeconfig(context, yaml, null);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
          assertThat(client.nodes().list().getItems())
              .allSatisfy(
                  n -> assertThat(n.getMetadata().getName()).startsWith(context + "-node-"));
        }
      }
      assertThat(Config.fromKubeconfig(yaml).getCurrentContext().getName())
          .isEqualTo("cluster-east");
    }
  }

  @Test
  void closingStopsTheApiServer() {
    SimulatedCluster other =
        SimulatedCluster.start(
            SimulatedClusterSpec.of("cluster-gone", "r", "z", null, AddressPool.ips("10.9.9.9")));
    String url = other.apiServerUrl();
    other.close();

    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(URI.create(url + "/version")).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
    other.close(); // a second close is harmless
  }

  /** A client that trusts only the cluster's CA and verifies the server's name, as kubectl does. */
  private static HttpClient verifying(SimulatedCluster c) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("ca", Pem.certificate(c.apiServer().pki().caPem(), "ca"));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(context).build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode resource(JsonNode list, String name) {
    return StreamSupport.stream(list.get("resources").spliterator(), false)
        .filter(r -> r.get("name").asText().equals(name))
        .findFirst()
        .orElse(null);
  }

  private static JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.header("Authorization", "Bearer " + cluster.apiServer().adminToken()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create(cluster.apiServerUrl() + path);
  }
}
