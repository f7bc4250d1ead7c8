package io.meshfed.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.sandbox.e2e.ManagedObjects.Ref;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks, through a simulated cluster's Kubernetes API, that the cluster holds exactly what {@link
 * DesignTable} says its role gets, with the labels, annotations and values DESIGN.md names.
 */
final class MemberAssertions {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String SYSTEM = "istio-system";

  private final DesignTable design;
  private final Function<String, String> eastWestAddress;
  private final Function<String, String> apiServerUrl;

  /**
   * @param design the oracle
   * @param eastWestAddress each cluster's east-west load-balancer address, by cluster
   * @param apiServerUrl the API server URL peers use for each cluster, by cluster
   */
  MemberAssertions(
      DesignTable design,
      Function<String, String> eastWestAddress,
      Function<String, String> apiServerUrl) {
    this.design = design;
    this.eastWestAddress = eastWestAddress;
    this.apiServerUrl = apiServerUrl;
  }

  /** Everything the member must hold, and nothing more of meshfed's. */
  void holdsExactlyItsObjects(String cluster, KubernetesClient client) {
    Map<Ref, GenericKubernetesResource> objects = ManagedObjects.of(client);
    assertThat(ManagedObjects.refsWithReaderTokensFolded(objects))
        .as("the meshfed objects of %s", cluster)
        .containsExactlyInAnyOrderElementsOf(design.objects(cluster));
    // Every object names its mesh and cluster, but the agent's keys: they belong to the
    // cluster's agent, whatever mesh it is in, and stay when it leaves.
    objects.entrySet().stream()
        .filter(e -> !e.getKey().equals(Ref.inSystem("Secret", DesignTable.AGENT_KEYS)))
        .forEach(
            e ->
                assertThat(e.getValue().getMetadata().getLabels())
                    .as("labels of %s on %s", e.getKey(), cluster)
                    .containsEntry("meshfed.io/mesh", design.topology().mesh())
                    .containsEntry("meshfed.io/cluster", cluster));
    istioSystem(cluster, client);
    istioCni(cluster, objects.get(Ref.cluster("IstioCNI", "default")));
    istio(cluster, objects.get(Ref.cluster("Istio", "default")));
    if (design.eastWestGateway(cluster)) {
      eastWestGateway(cluster, client);
    }
    if (design.crossNetworkGateway(cluster)) {
      crossNetworkGateway(cluster, objects.get(Ref.inSystem("Gateway", "cross-network-gateway")));
    }
    if (design.exposeIstiod(cluster)) {
      exposeIstiod(
          cluster,
          objects.get(Ref.inSystem("Gateway", "istiod-gateway")),
          objects.get(Ref.inSystem("VirtualService", "istiod-vs")));
    }
    for (String peer : design.remoteSecretPeers(cluster)) {
      remoteSecret(cluster, peer, client);
    }
    if (design.primary(cluster)) {
      trustChain(cluster, client);
    } else {
      assertThat(client.secrets().inNamespace(SYSTEM).withName("cacerts").get())
          .as("a remote runs no istiod, so %s holds no CA key", cluster)
          .isNull();
    }
  }

  /** {@code cacerts} holds what Istio's plug-in CA reads: an intermediate of the mesh's root. */
  private static void trustChain(String cluster, KubernetesClient client) {
    Secret cacerts = client.secrets().inNamespace(SYSTEM).withName("cacerts").get();
    assertThat(cacerts.getData())
        .as("cacerts on %s", cluster)
        .containsKeys("ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem");
  }

  /** The {@code values.global.meshNetworks} of the member's {@code Istio default}, as JSON. */
  static JsonNode meshNetworksOf(KubernetesClient client) {
    GenericKubernetesResource istio =
        client
            .genericKubernetesResources(ManagedObjects.kindNamed("Istio"))
            .withName("default")
            .get();
    return istio == null ? JSON.missingNode() : values(istio).path("global").path("meshNetworks");
  }

  private void istioSystem(String cluster, KubernetesClient client) {
    Namespace system = client.namespaces().withName(SYSTEM).get();
    assertThat(system).as("namespace istio-system on %s", cluster).isNotNull();
    assertThat(system.getMetadata().getLabels())
        .as("labels of namespace istio-system on %s", cluster)
        .containsEntry("topology.istio.io/network", design.spec(cluster).network())
        .containsEntry("meshfed.io/mesh", design.topology().mesh())
        .containsEntry("meshfed.io/cluster", cluster);
    Map<String, String> annotations =
        system.getMetadata().getAnnotations() == null
            ? Map.of()
            : system.getMetadata().getAnnotations();
    if (design.primary(cluster)) {
      assertThat(annotations)
          .as("annotations of namespace istio-system on primary %s", cluster)
          .doesNotContainKey("topology.istio.io/controlPlaneClusters");
    } else {
      assertThat(annotations)
          .as("annotations of namespace istio-system on remote %s", cluster)
          .containsEntry(
              "topology.istio.io/controlPlaneClusters", design.spec(cluster).controlPlaneCluster());
    }
  }

  private void istioCni(String cluster, GenericKubernetesResource cni) {
    JsonNode spec = JSON.valueToTree(cni.getAdditionalProperties()).path("spec");
    assertThat(spec.path("version").asText())
        .as("IstioCNI version on %s", cluster)
        .isEqualTo(design.topology().istioVersion());
    assertThat(spec.path("namespace").asText())
        .as("IstioCNI namespace on %s", cluster)
        .isEqualTo("istio-cni");
  }

  private void istio(String cluster, GenericKubernetesResource istio) {
    JsonNode spec = JSON.valueToTree(istio.getAdditionalProperties()).path("spec");
    JsonNode global = spec.path("values").path("global");
    assertThat(spec.path("version").asText())
        .as("Istio version on %s", cluster)
        .isEqualTo(design.topology().istioVersion());
    assertThat(spec.path("namespace").asText())
        .as("Istio namespace on %s", cluster)
        .isEqualTo(SYSTEM);
    if (design.primary(cluster)) {
      assertThat(global.path("meshID").asText())
          .as("meshID on %s", cluster)
          .isEqualTo(design.topology().mesh());
      assertThat(global.path("network").asText())
          .as("network on %s", cluster)
          .isEqualTo(design.spec(cluster).network());
      assertThat(global.path("multiCluster").path("clusterName").asText())
          .as("multiCluster.clusterName on %s", cluster)
          .isEqualTo(cluster);
      assertThat(global.path("externalIstiod").asBoolean(false))
          .as("externalIstiod on %s", cluster)
          .isEqualTo(design.externalIstiod(cluster));
      assertThat(spec.path("profile").asText(""))
          .as("profile on %s", cluster)
          .isNotEqualTo("remote");
      assertThat(spec.path("values").path("pilot").path("cni").path("enabled").asBoolean(false))
          .as("pilot.cni.enabled on %s", cluster)
          .isTrue();
      String address = eastWestAddress.apply(cluster);
      boolean hostname = address != null && !address.matches("[0-9.]+");
      assertThat(
              spec.path("values").path("pilot").path("env").path("ISTIOD_CUSTOM_HOST").asText(""))
          .as("ISTIOD_CUSTOM_HOST on %s", cluster)
          .isEqualTo(design.externalIstiod(cluster) && hostname ? address : "");
    } else {
      String network = design.spec(cluster).network();
      String path = "/inject/cluster/" + cluster + "/net/" + network;
      String primaryAddress = eastWestAddress.apply(design.spec(cluster).controlPlaneCluster());
      assertThat(spec.path("profile").asText()).as("profile on %s", cluster).isEqualTo("remote");
      if (primaryAddress.matches("[0-9.]+")) {
        assertThat(spec.path("values").path("istiodRemote").path("injectionPath").asText())
            .as("istiodRemote.injectionPath on %s", cluster)
            .isEqualTo(path);
      } else {
        assertThat(spec.path("values").path("istiodRemote").path("injectionURL").asText())
            .as("istiodRemote.injectionURL on %s", cluster)
            .isEqualTo("https://" + primaryAddress + ":15017" + path);
      }
      assertThat(global.path("remotePilotAddress").asText())
          .as("remotePilotAddress on %s", cluster)
          .isEqualTo(primaryAddress);
    }
    if (design.meshNetworksInIstio(cluster)) {
      assertThat(global.path("meshNetworks"))
          .as("meshNetworks on %s", cluster)
          .isEqualTo(JSON.valueToTree(design.meshNetworks(eastWestAddress)));
    } else {
      assertThat(global.path("meshNetworks").isMissingNode())
          .as("%s has no meshNetworks: %s", cluster, global.path("meshNetworks"))
          .isTrue();
    }
  }

  private void eastWestGateway(String cluster, KubernetesClient client) {
    String network = design.spec(cluster).network();
    Service service = client.services().inNamespace(SYSTEM).withName(DesignTable.EAST_WEST).get();
    assertThat(service.getSpec().getType())
        .as("east-west Service type on %s", cluster)
        .isEqualTo("LoadBalancer");
    assertThat(service.getSpec().getPorts().stream().map(ServicePort::getPort))
        .as("east-west Service ports on %s", cluster)
        .containsExactlyInAnyOrder(15021, 15443, 15012, 15017);
    assertThat(service.getMetadata().getLabels())
        .as("east-west Service labels on %s", cluster)
        .containsEntry("topology.istio.io/network", network);
    Deployment deployment =
        client.apps().deployments().inNamespace(SYSTEM).withName(DesignTable.EAST_WEST).get();
    List<EnvVar> env =
        deployment.getSpec().getTemplate().getSpec().getContainers().stream()
            .flatMap(c -> c.getEnv().stream())
            .toList();
    assertThat(env)
        .as("east-west gateway env on %s", cluster)
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("ISTIO_META_REQUESTED_NETWORK_VIEW");
              assertThat(e.getValue()).isEqualTo(network);
            });
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .as("east-west gateway pod labels on %s", cluster)
        .containsEntry("topology.istio.io/network", network);
  }

  private void crossNetworkGateway(String cluster, GenericKubernetesResource gateway) {
    JsonNode server =
        JSON.valueToTree(gateway.getAdditionalProperties()).path("spec").path("servers").path(0);
    assertThat(server.path("port").path("number").asInt())
        .as("cross-network-gateway port on %s", cluster)
        .isEqualTo(15443);
    assertThat(server.path("tls").path("mode").asText())
        .as("cross-network-gateway TLS mode on %s", cluster)
        .isEqualTo("AUTO_PASSTHROUGH");
    assertThat(server.path("hosts").path(0).asText())
        .as("cross-network-gateway hosts on %s", cluster)
        .isEqualTo("*.local");
  }

  private void exposeIstiod(
      String cluster, GenericKubernetesResource gateway, GenericKubernetesResource vs) {
    JsonNode servers =
        JSON.valueToTree(gateway.getAdditionalProperties()).path("spec").path("servers");
    assertThat(servers.findValues("number").stream().map(JsonNode::asInt))
        .as("istiod-gateway ports on %s", cluster)
        .containsExactlyInAnyOrder(15012, 15017);
    assertThat(servers.findValues("mode").stream().map(JsonNode::asText))
        .as("istiod-gateway TLS modes on %s", cluster)
        .containsOnly("PASSTHROUGH");
    JsonNode vsSpec = JSON.valueToTree(vs.getAdditionalProperties()).path("spec");
    assertThat(vsSpec.path("gateways").path(0).asText())
        .as("istiod-vs gateway on %s", cluster)
        .isEqualTo("istiod-gateway");
  }

  private void remoteSecret(String cluster, String peer, KubernetesClient client) {
    Secret secret =
        client.secrets().inNamespace(SYSTEM).withName("istio-remote-secret-" + peer).get();
    assertThat(secret.getMetadata().getLabels())
        .as("labels of the remote secret for %s on %s", peer, cluster)
        .containsEntry("istio/multiCluster", "true");
    assertThat(secret.getMetadata().getAnnotations())
        .as("annotations of the remote secret for %s on %s", peer, cluster)
        .containsEntry("networking.istio.io/cluster", peer);
    JsonNode kubeconfig = kubeconfig(secret, peer);
    assertThat(
            withoutTrailingSlash(
                kubeconfig.path("clusters").path(0).path("cluster").path("server").asText()))
        .as("API server of %s in its remote secret on %s", peer, cluster)
        .isEqualTo(withoutTrailingSlash(apiServerUrl.apply(peer)));
    // The credential the peer sealed for this cluster: a token of the peer's reader account.
    assertThat(kubeconfig.path("users").path(0).path("user").path("token").asText(""))
        .as("token of %s's reader account in its remote secret on %s", peer, cluster)
        .isNotBlank();
  }

  private static JsonNode kubeconfig(Secret secret, String peer) {
    String text;
    if (secret.getData() != null && secret.getData().containsKey(peer)) {
      text =
          new String(
              Base64.getDecoder().decode(secret.getData().get(peer)), StandardCharsets.UTF_8);
    } else if (secret.getStringData() != null && secret.getStringData().containsKey(peer)) {
      text = secret.getStringData().get(peer);
    } else {
      throw new AssertionError(
          "remote secret " + secret.getMetadata().getName() + " has no key '" + peer + "'");
    }
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("the kubeconfig for " + peer + " is not YAML", e);
    }
  }

  /** {@code http://host:port/} and {@code http://host:port} name the same API server. */
  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static JsonNode values(GenericKubernetesResource istio) {
    return JSON.valueToTree(istio.getAdditionalProperties()).path("spec").path("values");
  }
}
