package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.meshfed.sandbox.cluster.Kubeconfig.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes cluster for the sandbox and the end-to-end tests: a Fabric8 mock API server in CRUD
 * mode on 127.0.0.1 (HTTPS with a self-signed certificate, as agents and peers expect of an API
 * server) that {@code kubectl} can talk to, serving the custom resources of the Sail operator and
 * Istio ({@link MeshCrds}), with labelled nodes, and the stand-ins for what a real cluster
 * provides: a {@link SailOperatorSimulator}, a {@link LoadBalancerSimulator} and a {@link
 * TokenControllerSimulator}. {@link #close()} stops all of it.
 */
public final class SimulatedCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);
  private static final String HOST = "127.0.0.1";

  private final SimulatedClusterSpec spec;
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final String apiServerUrl;
  private final SailOperatorSimulator sailOperator;
  private final LoadBalancerSimulator loadBalancers;
  private final TokenControllerSimulator tokenController;
  private boolean closed;

  private SimulatedCluster(
      SimulatedClusterSpec spec,
      KubernetesMockServer server,
      KubernetesClient client,
      String apiServerUrl,
      SailOperatorSimulator sailOperator,
      LoadBalancerSimulator loadBalancers,
      TokenControllerSimulator tokenController) {
    this.spec = spec;
    this.server = server;
    this.client = client;
    this.apiServerUrl = apiServerUrl;
    this.sailOperator = sailOperator;
    this.loadBalancers = loadBalancers;
    this.tokenController = tokenController;
  }

  /**
   * Starts the API server, stores the custom resource definitions, namespaces and nodes, and starts
   * the simulated operators.
   *
   * @throws IllegalStateException when the cluster cannot start; nothing is left running
   */
  public static SimulatedCluster start(SimulatedClusterSpec spec) {
    long started = System.nanoTime();
    MockWebServer web = new MockWebServer();
    KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
    KubectlCompatibleDispatcher dispatcher =
        new KubectlCompatibleDispatcher(store, web::getPort, () -> forget(web));
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()), web, new HashMap<>(), dispatcher, true);
    KubernetesClient client = null;
    SailOperatorSimulator sail = null;
    LoadBalancerSimulator lb = null;
    try {
      server.init(InetAddress.getByName(HOST), 0);
      String url = "https://" + HOST + ":" + server.getPort();
      client = new KubernetesClientBuilder().withConfig(clientConfig(url)).build();
      populate(client, spec);
      sail = SailOperatorSimulator.start(client, spec.name());
      lb = LoadBalancerSimulator.start(client, spec.name(), spec.loadBalancerPool());
      TokenControllerSimulator tokens =
          TokenControllerSimulator.start(
              client, spec.name(), ServerCertificate.pem(HOST, server.getPort()));
      LOG.info(
          "Simulated cluster {} serving at {} ({} nodes) in {} ms",
          spec.name(),
          url,
          spec.nodes().size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new SimulatedCluster(spec, server, client, url, sail, lb, tokens);
    } catch (IOException | RuntimeException e) {
      if (lb != null) {
        lb.close();
      }
      if (sail != null) {
        sail.close();
      }
      if (client != null) {
        client.close();
      }
      server.destroy();
      throw new IllegalStateException(
          "simulated cluster " + spec.name() + " did not start: " + e.getMessage(), e);
    }
  }

  /** The cluster name. */
  public String name() {
    return spec.name();
  }

  public SimulatedClusterSpec spec() {
    return spec;
  }

  /** The API server URL, {@code https://127.0.0.1:<port>} (a self-signed certificate). */
  public String apiServerUrl() {
    return apiServerUrl;
  }

  /** A Fabric8 client of this cluster, owned by the cluster (closed with it). */
  public KubernetesClient client() {
    return client;
  }

  /** A new Fabric8 client of this cluster; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(clientConfig(apiServerUrl)).build();
  }

  /** The simulated load-balancer controller (e.g. to change a gateway's address). */
  public LoadBalancerSimulator loadBalancers() {
    return loadBalancers;
  }

  /** The simulated Sail operator. */
  public SailOperatorSimulator sailOperator() {
    return sailOperator;
  }

  /**
   * Writes a kubeconfig for this cluster (context and cluster named after it, namespace {@code
   * default}) that the real agent (Fabric8 via {@code KUBECONFIG}) and {@code kubectl} can use.
   *
   * @return the file written
   */
  public Path writeKubeconfig(Path file) {
    try {
      return Kubeconfig.write(file, List.of(new Entry(spec.name(), apiServerUrl)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig of cluster " + spec.name(), e);
    }
  }

  /**
   * Writes one kubeconfig for several clusters, one context each (named after the cluster), the
   * first cluster's context current: {@code kubectl --context <cluster>} reaches any of them.
   *
   * @return the file written
   */
  public static Path writeKubeconfig(Path file, List<SimulatedCluster> clusters) {
    try {
      return Kubeconfig.write(
          file, clusters.stream().map(c -> new Entry(c.name(), c.apiServerUrl())).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
    }
  }

  /** Stops the simulated operators, the client and the API server. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    tokenController.close();
    loadBalancers.close();
    sailOperator.close();
    client.close();
    server.destroy();
    LOG.info("Simulated cluster {} at {} stopped", spec.name(), apiServerUrl);
  }

  private static void populate(KubernetesClient client, SimulatedClusterSpec spec) {
    for (CustomResourceDefinition crd : MeshCrds.all()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    for (String ns : List.of("default", "kube-system", "kube-public")) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    for (SimulatedNode node : spec.nodes()) {
      client.nodes().resource(node.toNode()).create();
    }
  }

  private static Config clientConfig(String url) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace("default")
        .withTrustCerts(true)
        .withHttp2Disable(true)
        .build();
  }

  /** The mock server records every request it answers; nobody reads them, so drop them. */
  private static void forget(MockWebServer web) {
    try {
      while (web.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
        // dropped
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
