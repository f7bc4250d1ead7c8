package io.meshfed.agent.member;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.meshfed.events.model.ClusterStatus;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The API server address a cluster's peers reach it by, which the agent reports and seals into the
 * credential it shares: the configured {@code apiServerUrl}; else the server of kubeadm's {@code
 * kube-public/cluster-info} (the control-plane endpoint); else the agent's own client's server, if
 * it is not an in-cluster address. In a pod the client's server is the {@code kubernetes} Service's
 * cluster IP ({@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}, client-go {@code
 * InClusterConfig}), which no peer can reach: it is never reported. Pure but for the reads it is
 * given.
 */
public final class ApiServerAddress {

  /** The setting that names the address, as the chart and the environment spell it. */
  public static final String SETTING = "apiServerUrl (chart value; MESHFED_AGENT_API_SERVER_URL)";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ApiServerAddress() {}

  /**
   * @param configured {@code meshfed.agent.api-server-url}
   * @param clusterInfo reads {@code kube-public/cluster-info}, empty when it does not exist or
   *     cannot be read
   * @param clientServer the server of the agent's own client
   * @param kubernetesServiceHost {@code KUBERNETES_SERVICE_HOST} of the agent's pod, if any
   * @return the address, or empty when none that peers can reach is known (an {@code http} or
   *     otherwise malformed URL is none)
   */
  public static Optional<String> resolve(
      Optional<String> configured,
      Supplier<Optional<GenericKubernetesResource>> clusterInfo,
      String clientServer,
      Optional<String> kubernetesServiceHost) {
    Optional<String> set = configured.map(String::trim).filter(u -> !u.isEmpty());
    if (set.isPresent()) {
      // a URL no status may carry (http, a malformed host) is no address peers can use
      return set.filter(ClusterStatus::validApiServerUrl);
    }
    Optional<String> published =
        clusterInfo
            .get()
            .flatMap(ApiServerAddress::server)
            .filter(u -> !inCluster(u, kubernetesServiceHost))
            .filter(ClusterStatus::validApiServerUrl);
    if (published.isPresent()) {
      return published;
    }
    return Optional.ofNullable(clientServer)
        .filter(u -> !inCluster(u, kubernetesServiceHost))
        .filter(ClusterStatus::validApiServerUrl);
  }

  /**
   * Whether a URL names the API server by an address only pods of the cluster reach: the {@code
   * kubernetes} Service's names ({@code kubernetes}, {@code kubernetes.default}, any {@code *.svc}
   * or {@code *.cluster.local} name) or the Service's cluster IP the pod was given.
   */
  public static boolean inCluster(String url, Optional<String> kubernetesServiceHost) {
    String host;
    try {
      host = URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return true;
    }
    if (host == null) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("kubernetes")
        || h.equals("kubernetes.default")
        || h.endsWith(".svc")
        || h.endsWith(".cluster.local")
        || kubernetesServiceHost.map(s -> s.trim().equals(host)).orElse(false);
  }

  /** The server of the kubeconfig in a {@code cluster-info} ConfigMap. */
  static Optional<String> server(GenericKubernetesResource configMap) {
    Object data = configMap.getAdditionalProperties().get("data");
    if (!(data instanceof Map<?, ?> map) || !(map.get("kubeconfig") instanceof String kubeconfig)) {
      return Optional.empty();
    }
    try {
      JsonNode doc = YAML.readTree(kubeconfig);
      for (JsonNode cluster : doc.path("clusters")) {
        String server = cluster.path("cluster").path("server").asText("");
        if (!server.isBlank()) {
          return Optional.of(server);
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * Resolves on first use and keeps a found address; while none is found, it tries again on every
   * use (the cluster-info read may fail at start).
   */
  public static Supplier<Optional<String>> remembered(Supplier<Optional<String>> resolve) {
    return new Supplier<>() {
      private volatile Optional<String> found = Optional.empty();

      @Override
      public Optional<String> get() {
        Optional<String> known = found;
        if (known.isPresent()) {
          return known;
        }
        Optional<String> now = resolve.get();
        found = now;
        return now;
      }
    };
  }
}
