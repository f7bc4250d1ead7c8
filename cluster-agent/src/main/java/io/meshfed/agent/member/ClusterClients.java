package io.meshfed.agent.member;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the Kubernetes client of each served cluster. Single-cluster mode gets the application's
 * default client (configured as Fabric8 and Quarkus document: in-cluster service account, {@code
 * KUBECONFIG}, {@code ~/.kube/config}). A cluster of hosted mode gets a client built from its
 * kubeconfig (current context), and all of those share what can be shared: the HTTP transport of
 * the application (one Vert.x instance), one JSON serialization, and two threads for watch events.
 */
@ApplicationScoped
public class ClusterClients {

  private static final int WATCH_EVENT_THREADS = 2;

  private final Instance<KubernetesClient> defaultClient;
  private final KubernetesSerialization serialization;
  private final ThreadPoolExecutor watchEvents;
  private final List<KubernetesClient> opened = new ArrayList<>();

  public ClusterClients(
      Instance<KubernetesClient> defaultClient, KubernetesSerialization serialization) {
    this.defaultClient = defaultClient;
    this.serialization = serialization;
    AtomicInteger count = new AtomicInteger();
    this.watchEvents =
        new ThreadPoolExecutor(
            WATCH_EVENT_THREADS,
            WATCH_EVENT_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "meshfed-watch-events-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.watchEvents.allowCoreThreadTimeOut(true);
  }

  /**
   * The client of a served cluster.
   *
   * @throws InvalidServedClustersException when its kubeconfig cannot be read
   */
  public KubernetesClient open(ServedCluster cluster) {
    if (cluster.kubeconfig().isEmpty()) {
      return defaultClient.get();
    }
    Path kubeconfig = cluster.kubeconfig().get();
    Config config;
    try {
      config = Config.fromKubeconfig(kubeconfig.toFile());
    } catch (RuntimeException e) {
      throw new InvalidServedClustersException(
          "cluster " + cluster.name() + ": cannot read kubeconfig " + kubeconfig + ": " + e);
    }
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      throw new InvalidServedClustersException(
          "cluster " + cluster.name() + ": kubeconfig " + kubeconfig + " names no server");
    }
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withKubernetesSerialization(serialization)
            .withTaskExecutor(watchEvents)
            .build();
    synchronized (opened) {
      opened.add(client);
    }
    return client;
  }

  /** Closes the clients built from kubeconfigs (the default client is the application's). */
  @PreDestroy
  public void closeAll() {
    synchronized (opened) {
      opened.forEach(KubernetesClient::close);
      opened.clear();
    }
    watchEvents.shutdownNow();
  }
}
