package io.meshfed.sandbox.cluster.istiod;

import io.fabric8.mockwebserver.http.MockResponse;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.SimulatedWorld;
import io.meshfed.sandbox.cluster.apiserver.TlsVerification;
import java.net.URI;
import java.util.Optional;

/**
 * What istiod's client of a peer cluster gets from the peer's API server, given a remote secret's
 * kubeconfig: the URL's host and port are resolved in the {@link SimulatedWorld} (a name nobody
 * published does not resolve), the server's certificate is verified as client-go verifies it
 * (against {@code certificate-authority-data}, for the URL's host or {@code tls-server-name},
 * unless {@code insecure-skip-tls-verify}), and the request, with the kubeconfig's bearer token and
 * no other credential, goes through the peer API server's whole handler chain (faults,
 * authentication, RBAC, the store). The bytes do not cross a socket: the server is in this process.
 */
public final class PeerApiClient {

  /**
   * The answer, or why there was none.
   *
   * @param status the HTTP status, or 0 when no answer came
   * @param body the response body
   * @param error why there was no answer, or the server's refusal
   */
  public record Response(int status, String body, String error) {
    public boolean ok() {
      return status / 100 == 2;
    }
  }

  private final SimulatedWorld world;

  public PeerApiClient(SimulatedWorld world) {
    this.world = world;
  }

  /** Sends {@code method path} with an optional JSON body. */
  public Response send(
      RemoteKubeconfig kubeconfig, String method, String path, String body, String contentType) {
    Connection connection = connect(kubeconfig);
    if (connection.failure() != null) {
      return connection.failure();
    }
    return answer(
        kubeconfig,
        connection
            .server()
            .apiServer()
            .handle(method, path, kubeconfig.token().orElse(null), body, contentType));
  }

  /**
   * Whether {@code method path} would still be served with this kubeconfig, without reading the
   * data: the connection and TLS checks of {@link #send}, then the peer's faults, authentication
   * and RBAC. An informer that holds the data learns no more than this from its next re-list.
   */
  public Response access(RemoteKubeconfig kubeconfig, String method, String path) {
    Connection connection = connect(kubeconfig);
    if (connection.failure() != null) {
      return connection.failure();
    }
    return connection
        .server()
        .apiServer()
        .refusal(method, path, kubeconfig.token().orElse(null))
        .map(refused -> answer(kubeconfig, refused))
        .orElseGet(() -> new Response(200, "", null));
  }

  /** The peer the kubeconfig reaches, or why it reaches none. */
  private record Connection(SimulatedCluster server, Response failure) {}

  private Connection connect(RemoteKubeconfig kubeconfig) {
    URI server;
    try {
      server = URI.create(kubeconfig.server());
    } catch (IllegalArgumentException e) {
      return refused("the server URL " + kubeconfig.server() + " is not a URL");
    }
    if (!"https".equals(server.getScheme()) || server.getHost() == null) {
      return refused("the server URL " + kubeconfig.server() + " is not https://host[:port]");
    }
    Optional<SimulatedCluster> target = world.apiServerAt(kubeconfig.server());
    if (target.isEmpty()) {
      return refused(
          "dial tcp "
              + server.getHost()
              + ":"
              + (server.getPort() > 0 ? server.getPort() : 443)
              + ": no such host or no route to it");
    }
    if (!kubeconfig.insecure()) {
      if (kubeconfig.caPem().isEmpty()) {
        return refused("x509: certificate signed by unknown authority (no CA in the kubeconfig)");
      }
      String name = kubeconfig.tlsServerName().orElse(server.getHost());
      Optional<String> refusal =
          TlsVerification.refusal(
              target.get().apiServer().pki().certificatePem(), kubeconfig.caPem().get(), name);
      if (refusal.isPresent()) {
        return refused(refusal.get());
      }
    }
    return new Connection(target.get(), null);
  }

  private static Connection refused(String error) {
    return new Connection(null, failure(error));
  }

  private static Response answer(RemoteKubeconfig kubeconfig, MockResponse response) {
    String text = response.getBody() == null ? "" : response.getBody().readUtf8();
    if (response.getBodyDelay() != null && !response.getBodyDelay().isZero()) {
      return failure("request to " + kubeconfig.server() + " timed out");
    }
    return new Response(response.code(), text, response.code() / 100 == 2 ? null : refusal(text));
  }

  private static String refusal(String statusBody) {
    int i = statusBody.indexOf("\"message\":\"");
    if (i < 0) {
      return statusBody;
    }
    int start = i + 11;
    int end = statusBody.indexOf('"', start);
    return end < 0 ? statusBody.substring(start) : statusBody.substring(start, end);
  }

  private static Response failure(String error) {
    return new Response(0, "", error);
  }
}
