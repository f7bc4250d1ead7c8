package io.meshfed.sandbox.cluster.istiod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The parts of a remote secret's kubeconfig that istiod's client uses, read as client-go's {@code
 * clientcmd} reads them ({@code pkg/kube/multicluster/secretcontroller.go} builds a client from the
 * kubeconfig with {@code clientcmd.RESTConfigFromKubeConfig}): the current context's cluster
 * ({@code server}, {@code certificate-authority-data}, {@code tls-server-name}, {@code
 * insecure-skip-tls-verify}) and user ({@code token}). Exec and auth-provider plug-ins are refused,
 * as istiod refuses them unless allowed ({@code sanitizeKubeConfig}).
 *
 * @param server the API server URL
 * @param caPem the CA bundle the server is verified against, if any
 * @param tlsServerName the name the server's certificate is verified for, if not the URL's host
 * @param insecure whether verification is off
 * @param token the bearer token, if any
 */
public record RemoteKubeconfig(
    String server,
    Optional<String> caPem,
    Optional<String> tlsServerName,
    boolean insecure,
    Optional<String> token) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * Parses a kubeconfig.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static RemoteKubeconfig parse(String kubeconfig) {
    JsonNode doc;
    try {
      doc = YAML.readTree(kubeconfig);
    } catch (IOException e) {
      throw new IllegalArgumentException("the kubeconfig is not YAML: " + e.getMessage(), e);
    }
    if (doc == null || !doc.isObject()) {
      throw new IllegalArgumentException("the kubeconfig is empty");
    }
    String current = doc.path("current-context").asText("");
    JsonNode context = named(doc.path("contexts"), current, "context");
    JsonNode cluster = named(doc.path("clusters"), context.path("cluster").asText(""), "cluster");
    JsonNode user = named(doc.path("users"), context.path("user").asText(""), "user");
    if (user.has("exec") || user.has("auth-provider")) {
      throw new IllegalArgumentException(
          "the kubeconfig's user runs a credential plug-in, which istiod does not allow");
    }
    String server = cluster.path("server").asText("");
    if (server.isBlank()) {
      throw new IllegalArgumentException("the kubeconfig's cluster has no server");
    }
    Optional<String> ca =
        text(cluster, "certificate-authority-data")
            .map(b -> new String(Base64.getDecoder().decode(b), StandardCharsets.US_ASCII));
    return new RemoteKubeconfig(
        server,
        ca,
        text(cluster, "tls-server-name"),
        cluster.path("insecure-skip-tls-verify").asBoolean(false),
        text(user, "token"));
  }

  private static JsonNode named(JsonNode list, String name, String field) {
    for (JsonNode entry : list) {
      if (name.equals(entry.path("name").asText())) {
        return entry.path(field);
      }
    }
    throw new IllegalArgumentException(
        "the kubeconfig has no " + field + " named '" + name + "' (current context)");
  }

  private static Optional<String> text(JsonNode node, String field) {
    String value = node.path(field).asText("");
    return value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "RemoteKubeconfig[" + server + tlsServerName.map(n -> " as " + n).orElse("") + "]";
  }
}
