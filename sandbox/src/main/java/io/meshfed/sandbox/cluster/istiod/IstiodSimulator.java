package io.meshfed.sandbox.cluster.istiod;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.meshfed.sandbox.cluster.SimulatedCluster;
import io.meshfed.sandbox.cluster.sail.IstioSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the istiod of a primary cluster, the process behind the {@code istiod} Deployment
 * the simulated Sail operator installs. It follows the real one's rules:
 *
 * <ul>
 *   <li>It starts, and is Ready, only after a start-up time ({@link
 *       io.meshfed.sandbox.cluster.SimulationTimings}); a new pod template (a changed version or
 *       values, which Sail renders into the Deployment) rolls it: a surge pod is unready for a
 *       while ({@code ReadyReplicas < Replicas}, which Sail reports as {@code IstiodNotReady}). It
 *       writes the Deployment's status as the Deployment controller and kubelet would.
 *   <li>At each start it reads its CA ({@link PluggedInCa}): {@code cacerts}, or a self-signed root
 *       kept in {@code istio-ca-secret}; a broken {@code cacerts} keeps it from starting.
 *   <li>It reads the peers it holds remote secrets for ({@link RemoteCluster}, {@link RemoteReads})
 *       and, with {@code EXTERNAL_ISTIOD}, leads the remotes that name it, patching their injector
 *       webhooks' {@code caBundle} and writing {@code istio-ca-root-cert}.
 *   <li>It patches its own cluster's injector webhook {@code caBundle} once serving.
 * </ul>
 *
 * All changes happen on the cluster's controller thread; {@link #state()} is a snapshot any thread
 * may read.
 */
public final class IstiodSimulator {

  private static final Logger LOG = LoggerFactory.getLogger(IstiodSimulator.class);

  /** The istiod Deployment's name and namespace, and its revision's label value. */
  public static final String DEPLOYMENT = "istiod";

  public static final String REVISION = "default";

  /** What a running istiod process is doing. */
  public enum Phase {
    /** Its pod was created; not ready yet. */
    STARTING,
    /** Serving and ready. */
    RUNNING,
    /** A new pod is starting beside the serving one (a rolling update). */
    ROLLING,
    /** No pod is ready (a crash, a node drain, a fault a test laid). */
    DOWN,
    /** It cannot start: its CA is unusable. */
    CRASHING,
    /** Uninstalled. */
    STOPPED
  }

  /**
   * What others may know of this istiod.
   *
   * @param serving whether a process answers (xDS, injection)
   * @param ready whether every pod is ready (what Sail's readiness reads)
   * @param clusterId its {@code values.global.multiCluster.clusterName}
   * @param rootPem the root it signs under (and patches into webhooks), when serving
   * @param reads the peers it reads now, by cluster ID
   * @param unread the peers it holds a secret for but does not read, with the reason
   * @param leads the remotes it leads (writes their webhooks' {@code caBundle})
   */
  public record State(
      Phase phase,
      boolean serving,
      boolean ready,
      String clusterId,
      Optional<IstioSpec> spec,
      Optional<String> rootPem,
      TreeMap<String, String> unread,
      TreeSet<String> reads,
      TreeSet<String> leads,
      String detail) {

    static State stopped(String clusterId) {
      return new State(
          Phase.STOPPED,
          false,
          false,
          clusterId,
          Optional.empty(),
          Optional.empty(),
          new TreeMap<>(),
          new TreeSet<>(),
          new TreeSet<>(),
          "not installed");
    }
  }

  private final SimulatedCluster home;
  private final Clock clock;
  private final RemoteReads remoteReads;

  // Touched only on the cluster's controller thread.
  private IstioSpec spec;
  private String templateHash = "";
  private Phase phase = Phase.STOPPED;
  private Instant phaseUntil = Instant.EPOCH;
  private IstioSpec pending;
  private Optional<String> root = Optional.empty();
  private String crashReason = "";
  private final Map<String, RemoteCluster> remotes = new LinkedHashMap<>();

  private volatile State state;

  public IstiodSimulator(SimulatedCluster home, Clock clock) {
    this.home = home;
    this.clock = clock;
    this.remoteReads = new RemoteReads(home, clock);
    this.state = State.stopped(home.name());
  }

  /** A snapshot of what this istiod is and reads. */
  public State state() {
    return state;
  }

  /**
   * Sail installed or upgraded the chart with this spec: the first install starts istiod, a new pod
   * template rolls it.
   */
  public void installed(IstioSpec newSpec) {
    String hash = newSpec.podTemplateHash();
    if (phase == Phase.STOPPED) {
      spec = newSpec;
      templateHash = hash;
      start("installed");
    } else if (hash.equals(templateHash)) {
      // Same pod template: the running pods reload meshNetworks and meshConfig from the istio
      // ConfigMap (IstioSpec.podTemplateHash names the upstream files); a pending rollout's new
      // pods start with them too.
      spec = spec.reloadedFrom(newSpec);
      if (pending != null) {
        pending = newSpec;
      }
    } else {
      templateHash = hash;
      pending = newSpec;
      if (phase == Phase.RUNNING) {
        phase = Phase.ROLLING;
        phaseUntil =
            clock.instant().plus(home.timings().withJitter(home.timings().istiodRollout()));
        LOG.info("istiod (simulated) on cluster {}: rolling out a new pod template", home.name());
      } else {
        // not serving anyway: the new pod is the only one that starts
        spec = newSpec;
        pending = null;
        start("restarted with a new pod template");
      }
    }
    publish();
  }

  /** Sail uninstalled the chart: the process is gone. */
  public void uninstalled() {
    phase = Phase.STOPPED;
    spec = null;
    pending = null;
    remotes.clear();
    root = Optional.empty();
    publish();
  }

  /** Takes istiod down for a while (every pod unready), after which it starts again. */
  public void down(Duration duration) {
    if (phase == Phase.STOPPED) {
      return;
    }
    if (pending != null) {
      spec = pending;
      pending = null;
    }
    phase = Phase.DOWN;
    phaseUntil = clock.instant().plus(duration);
    remotes.clear();
    LOG.info("istiod (simulated) on cluster {}: down for {}", home.name(), duration);
    writeDeploymentStatus();
    publish();
  }

  /** Moves time-driven state on and does what a serving istiod does. Controller thread only. */
  public void tick() {
    if (phase == Phase.STOPPED) {
      return;
    }
    Instant now = clock.instant();
    if (now.isAfter(phaseUntil)) {
      switch (phase) {
        case STARTING -> {
          phase = Phase.RUNNING;
          LOG.info(
              "istiod (simulated) on cluster {}: ready (cluster ID {})", home.name(), clusterId());
        }
        case ROLLING -> {
          spec = pending;
          pending = null;
          remotes.clear();
          if (readCa()) {
            phase = Phase.RUNNING;
            LOG.info("istiod (simulated) on cluster {}: rollout done", home.name());
          }
        }
        case DOWN, CRASHING -> start("restarted");
        default -> {}
      }
    }
    if (serving()) {
      remoteReads.sync(remotes, spec, clusterId());
      remoteReads.check(remotes, clusterId(), spec);
      remoteReads.lead(remotes, root.orElseThrow());
      patchOwnWebhooks();
    }
    writeDeploymentStatus();
    publish();
  }

  private void start(String why) {
    remotes.clear();
    if (!readCa()) {
      return;
    }
    phase = Phase.STARTING;
    phaseUntil = clock.instant().plus(home.timings().withJitter(home.timings().istiodStart()));
    LOG.info("istiod (simulated) on cluster {}: {}, starting", home.name(), why);
    writeDeploymentStatus();
  }

  /** Reads the CA as a starting istiod does; false (and CRASHING) when it cannot start. */
  private boolean readCa() {
    Optional<Secret> cacerts = home.view().secret(spec.namespace(), "cacerts");
    if (cacerts.isPresent()) {
      PluggedInCa.Outcome ca = PluggedInCa.read(cacerts.get());
      if (ca.failure().isPresent()) {
        phase = Phase.CRASHING;
        crashReason = ca.failure().get();
        phaseUntil = clock.instant().plus(home.timings().istiodStart());
        root = Optional.empty();
        LOG.info("istiod (simulated) on cluster {}: cannot start: {}", home.name(), crashReason);
        return false;
      }
      root = ca.rootPem();
      return true;
    }
    root = Optional.of(SelfSignedCa.root(home, spec.namespace()));
    return true;
  }

  private boolean serving() {
    return phase == Phase.RUNNING || phase == Phase.ROLLING;
  }

  private String clusterId() {
    return spec == null ? home.name() : spec.clusterName().orElse("Kubernetes");
  }

  /** The webhook patcher of the config cluster ({@code pkg/webhooks/webhookpatch.go}). */
  private void patchOwnWebhooks() {
    WebhookCaBundles.patches(home.view().webhooks(), REVISION, root.orElseThrow())
        .forEach(
            (name, patch) -> {
              try {
                home.internalClient()
                    .admissionRegistration()
                    .v1()
                    .mutatingWebhookConfigurations()
                    .withName(name)
                    .patch(PatchContext.of(PatchType.JSON), patch);
              } catch (KubernetesClientException e) {
                LOG.debug(
                    "istiod (simulated) on {}: patching {}: {}", home.name(), name, e.getMessage());
              }
            });
  }

  private void writeDeploymentStatus() {
    if (spec == null) {
      return;
    }
    int replicas = phase == Phase.ROLLING ? 2 : 1;
    int ready =
        switch (phase) {
          case RUNNING, ROLLING -> 1;
          default -> 0;
        };
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("replicas", replicas);
    status.put("readyReplicas", ready);
    status.put("availableReplicas", ready);
    status.put("updatedReplicas", phase == Phase.ROLLING ? 1 : replicas);
    status.put("unavailableReplicas", replicas - ready);
    home.workloads().writeStatus(spec.namespace(), DEPLOYMENT, status);
  }

  private void publish() {
    TreeMap<String, String> unread = new TreeMap<>();
    TreeSet<String> reads = new TreeSet<>();
    TreeSet<String> leads = new TreeSet<>();
    if (serving()) {
      for (RemoteCluster r : remotes.values()) {
        if (r.synced()) {
          reads.add(r.clusterId());
        } else {
          unread.put(r.clusterId(), r.problem());
        }
        if (r.leader().orElse(false)) {
          leads.add(r.clusterId());
        }
      }
    }
    String detail =
        switch (phase) {
          case CRASHING -> "cannot start: " + crashReason;
          case DOWN -> "down until " + phaseUntil;
          case STARTING -> "starting";
          case ROLLING -> "rolling out";
          case RUNNING -> "running";
          case STOPPED -> "not installed";
        };
    state =
        new State(
            phase,
            serving(),
            phase == Phase.RUNNING,
            clusterId(),
            Optional.ofNullable(spec),
            serving() ? root : Optional.empty(),
            unread,
            reads,
            leads,
            detail);
  }
}
