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
   * A kubeconfig whose peers verify the API server's certificate for the host of {@code serverUrl}.
   *
   * @see #render(String, String, String, String, String)
   */
  public static String render(
      String clusterName, String serverUrl, String caBundlePem, String token) {
    return render(clusterName, serverUrl, caBundlePem, token, null);
  }

  /**
   * @param clusterName the cluster whose API server the kubeconfig reaches (a DNS-1123 label)
   * @param serverUrl its API server URL as peers reach it ({@code https://host[:port][/path]})
   * @param caBundlePem the PEM certificates that verify the API server
   * @param token the bearer token of the cluster's {@code istio-reader-service-account}
   * @param tlsServerName the name the API server's certificate is verified for instead of the host
   *     of {@code serverUrl} ({@code tls-server-name} of the cluster entry, which client-go, and so
   *     istiod, sends as SNI and checks the certificate against), or null to verify that host. A
   *     DNS name (RFC 1123 subdomain), e.g. {@code kubernetes.default.svc} where peers reach the
   *     server under a name its certificate does not carry, such as a Submariner export.
   * @return the kubeconfig YAML
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  public static String render(
      String clusterName,
      String serverUrl,
      String caBundlePem,
      String token,
      String tlsServerName) {
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
    // double-quoted: a DNS name such as "123", "1e5" or "yes" would otherwise read as a number or
    // a boolean; the name's characters need no escaping
    String serverName =
        tlsServerName == null
            ? ""
            : "\n    tls-server-name: \""
                + Names.requireDnsName(tlsServerName, "tlsServerName")
                + "\"";
    return """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: %2$s
            server: %3$s%5$s
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
        .formatted(clusterName, caData, server, token, serverName);
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
