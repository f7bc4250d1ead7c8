package io.meshfed.agent.hosted;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.meshfed.agent.component.ApiCallRecorder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Five clusters for one hosted agent, each a mock API server (CRUD mode) of its own with a
 * kubeconfig written here: {@value #EAST}, {@value #WEST}, {@value #SOUTH} and {@value #NORTH} from
 * a kubeconfig directory, {@value #IDLE} from the {@code name=path} list. Each server serves HTTPS
 * with a certificate of its own cluster CA ({@link MockApiServerTls}), which its kubeconfig carries
 * as {@code certificate-authority-data}: the agent verifies the server as it does a real one. The
 * agent's channels run on the in-memory connector; the timers are set to an hour so that what the
 * test sees was caused by a record or a watch event.
 */
public class HostedClustersResource implements QuarkusTestResourceLifecycleManager {

  public static final String EAST = "east";
  public static final String WEST = "west";
  public static final String SOUTH = "south";
  public static final String NORTH = "north";
  public static final String IDLE = "idle";

  private static final Map<String, KubernetesMockServer> SERVERS = new TreeMap<>();
  private static final Map<String, Path> KUBECONFIGS = new TreeMap<>();
  private static final Map<String, KubernetesClient> CLIENTS = new TreeMap<>();
  private Path home;

  /**
   * A client of a cluster's API server whose calls are not the agent's, built from the kubeconfig
   * the agent reads (so it verifies the server against the same CA).
   */
  public static synchronized KubernetesClient client(String cluster) {
    return CLIENTS.computeIfAbsent(
        cluster,
        c -> ApiCallRecorder.testClient(Config.fromKubeconfig(KUBECONFIGS.get(c).toFile())));
  }

  /** The calls the agent made to a cluster's API server since the last time they were taken. */
  public static synchronized List<ApiCallRecorder.Call> agentCalls(String cluster) {
    return ApiCallRecorder.drain(SERVERS.get(cluster));
  }

  @Override
  public Map<String, String> start() {
    try {
      home = Files.createTempDirectory("meshfed-hosted-test");
      Path dir = Files.createDirectory(home.resolve("kubeconfigs"));
      Files.createDirectory(dir.resolve("..2026_11_22_00_00_00.1"));
      startServer(dir.resolve(EAST + ".yaml"), EAST);
      startServer(dir.resolve(WEST + ".yaml"), WEST);
      startServer(dir.resolve(SOUTH + ".yaml"), SOUTH);
      startServer(dir.resolve(NORTH + ".yaml"), NORTH);
      Path idle = startServer(home.resolve("idle-config"), IDLE);

      Map<String, String> props = new HashMap<>();
      props.putAll(
          InMemoryConnector.switchIncomingChannelsToInMemory("desired", "meshes", "credentials"));
      props.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("status"));
      props.put("meshfed.agent.hosted.kubeconfig-dir", dir.toString());
      props.put("meshfed.agent.hosted.clusters", IDLE + "=" + idle);
      props.put("meshfed.agent.reconcile-threads", "2");
      props.put(
          "meshfed.agent.hub.signing-public-keys",
          io.meshfed.agent.component.TestHubKey.publicKey());
      props.put("meshfed.agent.agent-version", "0.0.0-test");
      props.put("meshfed.agent.resync-interval", "1h");
      props.put("meshfed.agent.heartbeat-interval", "1h");
      props.put("meshfed.agent.retry.initial-backoff", "100ms");
      props.put("meshfed.agent.retry.max-backoff", "1s");
      return props;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void stop() {
    InMemoryConnector.clear();
    CLIENTS.values().forEach(KubernetesClient::close);
    CLIENTS.clear();
    SERVERS.values().forEach(KubernetesMockServer::destroy);
    SERVERS.clear();
    KUBECONFIGS.clear();
    deleteRecursively(home);
  }

  /**
   * Starts a cluster's mock API server (CRUD mode) over HTTPS with the cluster's own certificate,
   * and writes its kubeconfig.
   */
  private static synchronized Path startServer(Path kubeconfig, String cluster) throws IOException {
    InetAddress loopback = loopback();
    MockWebServer web = new MockWebServer();
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new io.fabric8.mockwebserver.Context(),
            web,
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    web.useHttps();
    server.init(loopback, 0);
    SERVERS.put(cluster, server);
    MockApiServerTls tls = MockApiServerTls.issue(cluster, loopback);
    tls.install(web);
    String url = "https://" + loopback.getHostAddress() + ":" + server.getPort();
    KUBECONFIGS.put(cluster, kubeconfig(kubeconfig, cluster, url, tls.caData()));
    return KUBECONFIGS.get(cluster);
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByName("127.0.0.1");
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path kubeconfig(Path file, String cluster, String server, String caData)
      throws IOException {
    return Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: " + cluster,
            "  cluster:",
            "    server: " + server,
            "    certificate-authority-data: " + caData,
            "contexts:",
            "- name: " + cluster,
            "  context:",
            "    cluster: " + cluster,
            "    user: " + cluster,
            "current-context: " + cluster,
            "users:",
            "- name: " + cluster,
            "  user:",
            "    token: not-checked-by-the-mock",
            ""));
  }

  private static void deleteRecursively(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
