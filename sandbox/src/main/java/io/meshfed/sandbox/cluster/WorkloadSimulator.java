package io.meshfed.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshfed.sandbox.cluster.dataplane.Injection;
import io.meshfed.sandbox.cluster.dataplane.IstiodRoutes;
import io.meshfed.sandbox.cluster.istiod.IstiodSimulator;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the ReplicaSet and DaemonSet controllers, the scheduler and the kubelet of a
 * simulated cluster, for the workloads meshfed and the Sail operator install: a Deployment's pods
 * exist and become ready, and its status says so, only when a real cluster would have them:
 *
 * <ul>
 *   <li>A pod template that asks for a sidecar goes through the revision's injector webhook ({@link
 *       Injection}). When no injector webhook exists at the template's first rollout the pods are
 *       created as written, and a container with the image {@code auto} (the gateway injection
 *       template's placeholder) never pulls: the Deployment stays unavailable until its template
 *       changes. When the webhook call fails, pod creation is refused and retried.
 *   <li>An injected proxy is ready only once it has its config: its istiod must be reachable
 *       ({@link IstiodRoutes#controlPlaneOf}) and must read the proxy's cluster, whose API server
 *       authenticates the proxy's token for it.
 *   <li>Pods are ready after {@link SimulationTimings#podStart()}; once ready they stay ready while
 *       their template is unchanged (a running proxy keeps its config when istiod goes away).
 *   <li>The {@code istiod} Deployment's status belongs to the {@link IstiodSimulator}.
 *   <li>A DaemonSet has one pod per node, ready after {@link SimulationTimings#podStart()}.
 * </ul>
 */
public final class WorkloadSimulator {

  private static final Logger LOG = LoggerFactory.getLogger(WorkloadSimulator.class);

  private final SimulatedCluster cluster;
  private final Clock clock;
  private final KubernetesSerialization json = SharedSerialization.INSTANCE;
  private final Injection injection;
  private final IstiodRoutes routes;

  /** Per workload key: the template it last rolled out and what came of it. */
  private final Map<String, Rollout> rollouts = new ConcurrentHashMap<>();

  private record Rollout(
      String template, Instant since, Optional<Instant> readyAt, String blocked) {}

  WorkloadSimulator(SimulatedCluster cluster, Clock clock) {
    this.cluster = cluster;
    this.clock = clock;
    this.routes = new IstiodRoutes(cluster.world());
    this.injection = new Injection(routes);
  }

  /** Writes a Deployment's status (the istiod simulator's pods). */
  public void writeStatus(String namespace, String name, Map<String, Object> status) {
    Optional<Deployment> d = cluster.view().deployment(namespace, name);
    if (d.isEmpty()) {
      return;
    }
    Map<String, Object> full = new LinkedHashMap<>(status);
    full.put("observedGeneration", d.get().getMetadata().getGeneration());
    patchStatus("apps/v1", "deployments", namespace, name, full, d.get().getStatus());
  }

  /** Moves every workload of the cluster on. Controller thread only. */
  void tick() {
    Instant now = clock.instant();
    for (Deployment d : cluster.view().deployments()) {
      if (IstiodSimulator.DEPLOYMENT.equals(d.getMetadata().getName())
          && "istiod".equals(labels(d).get("app"))) {
        continue;
      }
      reconcile(d, now);
    }
    for (DaemonSet ds : cluster.daemonSets()) {
      reconcileDaemonSet(ds, now);
    }
    rollouts
        .keySet()
        .removeIf(
            k ->
                cluster.view().deployments().stream().noneMatch(d -> key(d).equals(k))
                    && cluster.daemonSets().stream().noneMatch(d -> ("ds:" + key(d)).equals(k)));
  }

  private void reconcile(Deployment d, Instant now) {
    String template = json.asJson(d.getSpec().getTemplate());
    Rollout rollout = rollouts.get(key(d));
    if (rollout == null || !rollout.template().equals(template)) {
      rollout = firstAttempt(d, template, now);
      rollouts.put(key(d), rollout);
    }
    if (rollout.readyAt().isEmpty()
        && rollout.blocked() != null
        && !rollout.blocked().startsWith("!")) {
      rollout = retry(d, rollout, now);
      rollouts.put(key(d), rollout);
    }
    boolean ready = rollout.readyAt().map(t -> !now.isBefore(t)).orElse(false);
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", d.getMetadata().getGeneration());
    status.put("replicas", replicas);
    status.put("updatedReplicas", replicas);
    status.put("readyReplicas", ready ? replicas : 0);
    status.put("availableReplicas", ready ? replicas : 0);
    status.put("unavailableReplicas", ready ? 0 : replicas);
    patchStatus(
        "apps/v1",
        "deployments",
        d.getMetadata().getNamespace(),
        d.getMetadata().getName(),
        status,
        d.getStatus());
  }

  private Rollout firstAttempt(Deployment d, String template, Instant now) {
    Optional<String> revision =
        Injection.requestedRevision(d.getSpec().getTemplate().getMetadata().getLabels());
    if (revision.isEmpty()) {
      return new Rollout(template, now, Optional.of(now.plus(cluster.timings().podStart())), null);
    }
    Injection.Result result = injection.attempt(cluster, revision.get());
    if (result.outcome() == Injection.Outcome.NO_WEBHOOK && usesAutoImage(d)) {
      LOG.info(
          "kubelet (simulated) on cluster {}: pods of {} were created without a sidecar ({}):"
              + " image 'auto' cannot be pulled",
          cluster.name(),
          key(d),
          result.reason());
      // "!" marks a rollout that no retry mends: only a new template does
      return new Rollout(
          template, now, Optional.empty(), "!ErrImagePull: image auto (not injected)");
    }
    return retry(d, new Rollout(template, now, Optional.empty(), "not attempted"), now);
  }

  private Rollout retry(Deployment d, Rollout rollout, Instant now) {
    Optional<String> revision =
        Injection.requestedRevision(d.getSpec().getTemplate().getMetadata().getLabels());
    Injection.Result result = injection.attempt(cluster, revision.orElse("default"));
    if (result.outcome() == Injection.Outcome.REFUSED) {
      return new Rollout(rollout.template(), rollout.since(), Optional.empty(), result.reason());
    }
    Optional<SimulatedCluster> controlPlane = routes.controlPlaneOf(cluster);
    if (controlPlane.isEmpty()) {
      return new Rollout(
          rollout.template(), rollout.since(), Optional.empty(), "its proxy reaches no istiod");
    }
    IstiodSimulator.State istiod = controlPlane.get().istiod().orElseThrow().state();
    if (controlPlane.get() != cluster && !istiod.reads().contains(cluster.clusterId())) {
      return new Rollout(
          rollout.template(),
          rollout.since(),
          Optional.empty(),
          "the istiod of " + controlPlane.get().name() + " does not read this cluster");
    }
    LOG.info(
        "kubelet (simulated) on cluster {}: pods of {} injected by the istiod of {}",
        cluster.name(),
        key(d),
        result.injector().map(SimulatedCluster::name).orElse("?"));
    return new Rollout(
        rollout.template(),
        rollout.since(),
        Optional.of(now.plus(cluster.timings().podStart())),
        null);
  }

  private void reconcileDaemonSet(DaemonSet ds, Instant now) {
    String template = json.asJson(ds.getSpec().getTemplate());
    String key = "ds:" + key(ds);
    Rollout rollout = rollouts.get(key);
    if (rollout == null || !rollout.template().equals(template)) {
      rollout =
          new Rollout(template, now, Optional.of(now.plus(cluster.timings().podStart())), null);
      rollouts.put(key, rollout);
    }
    int nodes = cluster.spec().nodes().size();
    boolean ready = !now.isBefore(rollout.readyAt().orElseThrow());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", ds.getMetadata().getGeneration());
    status.put("currentNumberScheduled", nodes);
    status.put("desiredNumberScheduled", nodes);
    status.put("numberMisscheduled", 0);
    status.put("numberReady", ready ? nodes : 0);
    status.put("numberAvailable", ready ? nodes : 0);
    status.put("updatedNumberScheduled", nodes);
    patchStatus(
        "apps/v1",
        "daemonsets",
        ds.getMetadata().getNamespace(),
        ds.getMetadata().getName(),
        status,
        ds.getStatus());
  }

  /** Writes the status only when it differs from what is stored. */
  private void patchStatus(
      String apiVersion,
      String plural,
      String namespace,
      String name,
      Map<String, Object> status,
      Object current) {
    Map<String, Object> stored = current == null ? Map.of() : json.convertValue(current, Map.class);
    if (sameNumbers(stored, status)) {
      return;
    }
    String patch = json.asJson(List.of(Map.of("op", "add", "path", "/status", "value", status)));
    try {
      if ("deployments".equals(plural)) {
        cluster
            .internalClient()
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(name)
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON), patch);
      } else {
        cluster
            .internalClient()
            .apps()
            .daemonSets()
            .inNamespace(namespace)
            .withName(name)
            .subresource("status")
            .patch(PatchContext.of(PatchType.JSON), patch);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        LOG.warn(
            "kubelet (simulated) on cluster {}: status of {}/{}: {}",
            cluster.name(),
            namespace,
            name,
            e.getMessage());
      }
    }
  }

  private static boolean sameNumbers(Map<String, Object> stored, Map<String, Object> wanted) {
    for (Map.Entry<String, Object> e : wanted.entrySet()) {
      Object have = stored.get(e.getKey());
      Object want = e.getValue();
      if (have instanceof Number h && want instanceof Number w) {
        if (h.longValue() != w.longValue()) {
          return false;
        }
      } else if (!Objects.equals(have, want)) {
        return false;
      }
    }
    return true;
  }

  private static boolean usesAutoImage(Deployment d) {
    List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
    return containers != null && containers.stream().anyMatch(c -> "auto".equals(c.getImage()));
  }

  /** Why a workload is not ready, if it is not (for the oracle and the logs). */
  public Optional<String> blocked(String namespace, String name) {
    Rollout r = rollouts.get(namespace + "/" + name);
    return r == null || r.blocked() == null
        ? Optional.empty()
        : Optional.of(r.blocked().replaceFirst("^!", ""));
  }

  private static Map<String, String> labels(Deployment d) {
    return d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
  }

  private static String key(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }
}
