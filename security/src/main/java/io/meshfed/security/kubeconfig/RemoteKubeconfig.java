package io.meshfed.security.kubeconfig;

import io.meshfed.security.Names;
import io.meshfed.security.Pem;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The kubeconfig a cluster hands its peers so that their istiod can read its API server, in the
 * layout {@code istioctl create-remote-secret} writes into {@code istio-remote-secret-<cluster>}:
 * one cluster, one context and one user, all named after the cluster, the user holding the bearer
 * token of the cluster's {@code istio-reader-service-account}.
 *
 * <p>It carries a credential: seal it for each peer, never publish it as is.
 */
public final class RemoteKubeconfig {

  /**
   * A bearer token (JWTs and legacy service-account tokens): at least 16 characters, starting with
   * a letter or digit, so that it stays a plain YAML string.
   */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~+/=-]{15,}");

  private RemoteKubeconfig() {}

  /**
   * @param clusterName the cluster whose API server the kubeconfig reaches (a DNS-1123 label)
   * @param serverUrl its API server URL as peers reach it ({@code https://host[:port][/path]})
   * @param caBundlePem the PEM certificates that verify the API server
   * @param token the bearer token of the cluster's {@code istio-reader-service-account}
   * @return the kubeconfig YAML
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  public static String render(
      String clusterName, String serverUrl, String caBundlePem, String token) {
    Names.requireClusterName(clusterName, "clusterName");
    String server = requireServer(serverUrl);
    String caData =
        Base64.getEncoder()
            .encodeToString(
                Pem.encode(Pem.certificates(caBundlePem, "caBundlePem"))
                    .getBytes(StandardCharsets.US_ASCII));
    Names.requireText(token, "token");
    if (!TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException(
          "token is not a bearer token (at least 16 characters of letters, digits and ._~+/=-,"
              + " no whitespace)");
    }
    return """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: %2$s
            server: %3$s
          name: %1$s
        contexts:
        - context:
            cluster: %1$s
            user: %1$s
          name: %1$s
        current-context: %1$s
        kind: Config
        users:
        - name: %1$s
          user:
            token: %4$s
        """
        .formatted(clusterName, caData, server, token);
  }

  private static String requireServer(String serverUrl) {
    Names.requireText(serverUrl, "serverUrl");
    URI uri;
    try {
      uri = new URI(serverUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("serverUrl '" + serverUrl + "' is not a URL", e);
    }
    if (!"https".equals(uri.getScheme())
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "serverUrl '" + serverUrl + "' must be https://host[:port][/path]");
    }
    return uri.toString();
  }
}
