package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.sandbox.cluster.Kubeconfig.Entry;
import io.meshfed.sandbox.cluster.apiserver.SimulatedApiServer;
import io.meshfed.sandbox.cluster.istiod.IstiodSimulator;
import io.meshfed.sandbox.cluster.sail.IstioSpec;
import io.meshfed.sandbox.cluster.sail.SailOperatorSimulator;
import io.meshfed.sandbox.cluster.validation.ValidatingDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes cluster for the sandbox and the end-to-end tests, as strict as the real parts it
 * stands in for:
 *
 * <ul>
 *   <li>an API server ({@link SimulatedApiServer}) over TLS with the cluster's own CA, token
 *       authentication, RBAC, and the validation of what is written ({@link ValidatingDispatcher});
 *       {@code kubectl} works against it;
 *   <li>a Sail operator and, on a primary, istiod ({@link SailOperatorSimulator}, {@link
 *       IstiodSimulator}), a kubelet for the workloads they and meshfed install ({@link
 *       WorkloadSimulator}), a load-balancer controller ({@link LoadBalancerSimulator}) and a
 *       service-account token controller ({@link TokenControllerSimulator});
 *   <li>kubeadm's {@code kube-public/cluster-info}, the address and CA others reach it by.
 * </ul>
 *
 * It belongs to a {@link SimulatedWorld}, where its peers find it. Its controllers share one thread
 * and the informers of a {@link ClusterView}. {@link #close()} stops all of it.
 */
public final class SimulatedCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);

  private final SimulatedClusterSpec spec;
  private final SimulatedWorld world;
  private final SimulatedApiServer apiServer;
  private final KubernetesClient client;
  private final KubernetesClient internal;
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService controllers;
  private final AtomicBoolean tickQueued = new AtomicBoolean();
  private ClusterView view;
  private SailOperatorSimulator sail;
  private WorkloadSimulator workloads;
  private volatile IstiodSimulator istiod;
  private LoadBalancerSimulator loadBalancers;
  private TokenControllerSimulator tokenController;
  private io.fabric8.kubernetes.client.informers.SharedIndexInformer<DaemonSet> daemonSets;
  private boolean closed;

  private SimulatedCluster(
      SimulatedClusterSpec spec, SimulatedWorld world, SimulatedApiServer apiServer) {
    this.spec = spec;
    this.world = world;
    this.apiServer = apiServer;
    this.client = apiServer.newAdminClient();
    this.internal = apiServer.newInternalClient();
    this.controllers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "controllers-" + spec.name());
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts a cluster alone in a world of its own. */
  public static SimulatedCluster start(SimulatedClusterSpec spec) {
    return start(spec, new SimulatedWorld());
  }

  /**
   * Starts the API server, stores the custom resource definitions, namespaces, nodes and {@code
   * cluster-info}, starts the simulated controllers and joins the world.
   *
   * @throws IllegalStateException when the cluster cannot start; nothing is left running
   */
  public static SimulatedCluster start(SimulatedClusterSpec spec, SimulatedWorld world) {
    long started = System.nanoTime();
    SimulatedApiServer server;
    try {
      server =
          SimulatedApiServer.start(spec.name(), spec.apiServerNames(), ValidatingDispatcher::new);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "simulated cluster " + spec.name() + " did not start: " + e.getMessage(), e);
    }
    SimulatedCluster cluster = new SimulatedCluster(spec, world, server);
    try {
      cluster.populate();
      cluster.startControllers();
      world.add(cluster);
      LOG.info(
          "Simulated cluster {} serving at {} ({} nodes) in {} ms",
          spec.name(),
          server.url(),
          spec.nodes().size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw new IllegalStateException(
          "simulated cluster " + spec.name() + " did not start: " + e.getMessage(), e);
    }
  }

  private void startControllers() {
    view = new ClusterView(internal);
    daemonSets = internal.apps().daemonSets().inAnyNamespace().runnableInformer(0);
    daemonSets.start();
    view.start();
    workloads = new WorkloadSimulator(this, clock);
    sail = new SailOperatorSimulator(this, clock);
    for (ClusterView.Kind kind : ClusterView.Kind.values()) {
      view.listen(kind, key -> queueTick());
    }
    loadBalancers = LoadBalancerSimulator.start(internal, spec.name(), spec.loadBalancerPool());
    tokenController =
        TokenControllerSimulator.start(internal, spec.name(), apiServer.pki().caPem());
    long tick = spec.timings().tick().toMillis();
    controllers.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
  }

  private void queueTick() {
    if (tickQueued.compareAndSet(false, true)) {
      try {
        controllers.execute(this::tick);
      } catch (RejectedExecutionException e) {
        // The cluster is closing: an informer's last event has nothing left to reconcile.
      }
    }
  }

  private void tick() {
    tickQueued.set(false);
    try {
      sail.tick();
      IstiodSimulator i = istiod;
      if (i != null) {
        i.tick();
      }
      workloads.tick();
    } catch (RuntimeException e) {
      LOG.warn("simulated cluster {}: a controller failed: {}", spec.name(), e.toString(), e);
    }
  }

  /** The cluster name. */
  public String name() {
    return spec.name();
  }

  public SimulatedClusterSpec spec() {
    return spec;
  }

  public SimulatedWorld world() {
    return world;
  }

  public SimulationTimings timings() {
    return spec.timings();
  }

  /** The API server URL, {@code https://127.0.0.1:<port>}, verified against the cluster CA. */
  public String apiServerUrl() {
    return apiServer.url();
  }

  public SimulatedApiServer apiServer() {
    return apiServer;
  }

  /** A Fabric8 client with the administrator's credential, owned by the cluster. */
  public KubernetesClient client() {
    return client;
  }

  /** A client of the cluster's own controllers (faults laid on the API server spare it). */
  public KubernetesClient internalClient() {
    return internal;
  }

  /** A new Fabric8 client with the administrator's credential; the caller closes it. */
  public KubernetesClient newClient() {
    return apiServer.newAdminClient();
  }

  /** What the cluster's controllers see of it. */
  public ClusterView view() {
    return view;
  }

  public List<DaemonSet> daemonSets() {
    return daemonSets.getStore().list();
  }

  public WorkloadSimulator workloads() {
    return workloads;
  }

  /** The simulated load-balancer controller (e.g. to change a gateway's address). */
  public LoadBalancerSimulator loadBalancers() {
    return loadBalancers;
  }

  /** The istiod of this cluster, while a primary {@code Istio} is installed. */
  public Optional<IstiodSimulator> istiod() {
    return Optional.ofNullable(istiod);
  }

  /** The istiod, made when Sail first installs a primary. Controller thread only. */
  public IstiodSimulator ensureIstiod() {
    if (istiod == null) {
      istiod = new IstiodSimulator(this, clock);
    }
    return istiod;
  }

  /** Sail uninstalled the primary. Controller thread only. */
  public void stopIstiod() {
    if (istiod != null) {
      istiod.uninstalled();
      istiod = null;
    }
  }

  /**
   * The cluster ID Istio knows this cluster by: a primary's {@code
   * values.global.multiCluster.clusterName}, a remote's from its injection path ({@code
   * /inject/cluster/<id>/...}), else the cluster's name.
   */
  public String clusterId() {
    for (GenericKubernetesResource i : view.istios()) {
      IstioSpec s = IstioSpec.of(i);
      Optional<String> id = s.clusterName();
      if (id.isPresent()) {
        return id.get();
      }
      Optional<String> path = s.injectionPath().or(s::injectionUrl);
      if (path.isPresent() && path.get().contains("/cluster/")) {
        String rest = path.get().substring(path.get().indexOf("/cluster/") + 9);
        return rest.split("/")[0];
      }
    }
    return spec.name();
  }

  /**
   * Revokes a service-account token: its Secret goes, and the API server refuses the token from
   * then on (a peer's istiod holding it stops reading this cluster).
   */
  public void revokeToken(String namespace, String secret) {
    internal.secrets().inNamespace(namespace).withName(secret).delete();
  }

  /** Takes this cluster's istiod down for a while (every pod unready, then a restart). */
  public void istiodDown(Duration duration) {
    call(
        () -> {
          istiod().ifPresent(i -> i.down(duration));
          return null;
        });
  }

  /** Runs a task on the controller thread and waits for it. */
  <V> V call(java.util.concurrent.Callable<V> task) {
    try {
      return controllers.submit(task).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("simulated cluster " + name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a kubeconfig for this cluster (context and cluster named after it, namespace {@code
   * default}, the cluster CA and the administrator's token) that the real agent and {@code kubectl}
   * can use.
   *
   * @return the file written
   */
  public Path writeKubeconfig(Path file) {
    try {
      return Kubeconfig.write(file, List.of(entry()));
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
      return Kubeconfig.write(file, clusters.stream().map(SimulatedCluster::entry).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
    }
  }

  private Entry entry() {
    return new Entry(spec.name(), apiServer.url(), apiServer.pki().caPem(), apiServer.adminToken());
  }

  /** Stops the simulated controllers, the clients and the API server. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    world.remove(this);
    controllers.shutdownNow();
    if (tokenController != null) {
      tokenController.close();
    }
    if (loadBalancers != null) {
      loadBalancers.close();
    }
    if (view != null) {
      view.close();
    }
    if (daemonSets != null) {
      daemonSets.close();
    }
    client.close();
    internal.close();
    apiServer.close();
    LOG.info("Simulated cluster {} at {} stopped", spec.name(), apiServer.url());
  }

  private void populate() {
    for (CustomResourceDefinition crd : MeshCrds.all()) {
      internal.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
      internal
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    for (SimulatedNode node : spec.nodes()) {
      internal.nodes().resource(node.toNode()).create();
    }
    internal.configMaps().inNamespace("kube-public").resource(clusterInfo()).create();
  }

  /**
   * kubeadm's {@code kube-public/cluster-info} ({@code
   * cmd/kubeadm/app/phases/bootstraptoken/clusterinfo/clusterinfo.go}): a kubeconfig with the
   * cluster's address and CA, no user; anonymous requests may read it.
   */
  private io.fabric8.kubernetes.api.model.ConfigMap clusterInfo() {
    String caData =
        Base64.getEncoder()
            .encodeToString(apiServer.pki().caPem().getBytes(StandardCharsets.US_ASCII));
    String kubeconfig =
        """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: %s
            server: %s
          name: ""
        contexts: null
        current-context: ""
        kind: Config
        preferences: {}
        users: null
        """
            .formatted(caData, apiServer.url());
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("cluster-info")
        .withNamespace("kube-public")
        .endMetadata()
        .addToData("kubeconfig", kubeconfig)
        .build();
  }
}
