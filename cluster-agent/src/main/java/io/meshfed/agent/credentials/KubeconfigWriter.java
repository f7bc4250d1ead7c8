package io.meshfed.agent.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a kubeconfig in the layout of {@code istioctl create-remote-secret}: one cluster, one
 * context and one user, all named after the peer.
 */
public final class KubeconfigWriter {

  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build());

  private KubeconfigWriter() {}

  /**
   * @param peer the name of the cluster, context and user
   * @param server the peer's API server URL
   * @param certificateAuthorityData the base64 CA bundle of the API server, if known
   * @param token the bearer token of the peer's {@code meshfed-reader}, if any
   */
  public static String write(
      String peer,
      String server,
      Optional<String> certificateAuthorityData,
      Optional<String> token) {
    Map<String, Object> cluster = new LinkedHashMap<>();
    certificateAuthorityData.ifPresent(ca -> cluster.put("certificate-authority-data", ca));
    cluster.put("server", server);
    Map<String, Object> user = new LinkedHashMap<>();
    token.ifPresent(t -> user.put("token", t));

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiVersion", "v1");
    config.put("kind", "Config");
    config.put("clusters", List.of(named(peer, "cluster", cluster)));
    config.put("contexts", List.of(named(peer, "context", Map.of("cluster", peer, "user", peer))));
    config.put("current-context", peer);
    config.put("preferences", Map.of());
    config.put("users", List.of(named(peer, "user", user)));
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the kubeconfig of " + peer, e);
    }
  }

  private static Map<String, Object> named(String name, String key, Map<String, Object> value) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put(key, value);
    entry.put("name", name);
    return entry;
  }
}
