package io.meshfed.agent.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Optional;

/** Reads what the agent checks in a kubeconfig a peer shared, without acting on it. */
public final class KubeconfigReader {

  private static final YAMLMapper YAML = new YAMLMapper();

  private KubeconfigReader() {}

  /**
   * The API server the kubeconfig points at: the {@code server} of the cluster of its current
   * context, or of its only cluster when it names no current context. Empty when it is no
   * kubeconfig or names no server.
   */
  public static Optional<String> server(String kubeconfig) {
    JsonNode config;
    try {
      config = YAML.readTree(kubeconfig == null ? "" : kubeconfig);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (config == null || !config.isObject()) {
      return Optional.empty();
    }
    JsonNode clusters = config.path("clusters");
    String currentContext = config.path("current-context").asText("");
    Optional<JsonNode> cluster;
    if (!currentContext.isEmpty()) {
      cluster =
          named(config.path("contexts"), currentContext)
              .map(c -> c.path("context").path("cluster").asText(""))
              .flatMap(name -> named(clusters, name));
    } else {
      cluster =
          clusters.isArray() && clusters.size() == 1
              ? Optional.of(clusters.get(0))
              : Optional.empty();
    }
    return cluster
        .map(c -> c.path("cluster").path("server"))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .filter(s -> !s.isBlank());
  }

  private static Optional<JsonNode> named(JsonNode entries, String name) {
    if (!entries.isArray()) {
      return Optional.empty();
    }
    for (JsonNode entry : entries) {
      if (name.equals(entry.path("name").asText(null))) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }
}
