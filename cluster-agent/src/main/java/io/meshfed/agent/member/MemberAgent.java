package io.meshfed.agent.member;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.agent.messaging.RecordTarget;
import io.meshfed.agent.reconcile.DesiredStateStore;
import io.meshfed.agent.reconcile.ReconcileExecutor;
import io.meshfed.agent.reconcile.ReconcileLoop;
import io.meshfed.agent.reconcile.ReconcileOutcome;
import io.meshfed.agent.status.StatusReporter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

/**
 * Everything the agent keeps for one served cluster: its Kubernetes client, the desired state read
 * for it, its reconcile loop (which owns the applier and the watches) and its status reporter.
 * Built by {@link MemberAgentFactory}; an agent process holds one per served cluster, and every
 * cluster goes through the same code whether the process serves one cluster or many.
 */
public final class MemberAgent implements RecordTarget {

  private final String cluster;
  private final KubernetesClient client;
  private final DesiredStateStore store;
  private final ReconcileLoop loop;
  private final StatusReporter status;
  private final ReconcileExecutor executor;
  private final Duration resyncInterval;
  private ScheduledFuture<?> resync;

  MemberAgent(
      String cluster,
      KubernetesClient client,
      DesiredStateStore store,
      ReconcileLoop loop,
      StatusReporter status,
      ReconcileExecutor executor,
      Duration resyncInterval) {
    this.cluster = cluster;
    this.client = client;
    this.store = store;
    this.loop = loop;
    this.status = status;
    this.executor = executor;
    this.resyncInterval = resyncInterval;
  }

  @Override
  public String cluster() {
    return cluster;
  }

  @Override
  public DesiredStateStore store() {
    return store;
  }

  @Override
  public void wake(String why) {
    loop.wake(why);
  }

  @Override
  public void followMeshRevision(String why) {
    loop.followMeshRevision(why);
  }

  /** The cluster's Kubernetes client. */
  public KubernetesClient client() {
    return client;
  }

  /** The cluster's reconcile loop. */
  public ReconcileLoop loop() {
    return loop;
  }

  /** The outcome of the cluster's last reconcile, if one ran. */
  public Optional<ReconcileOutcome> lastOutcome() {
    return loop.lastOutcome();
  }

  /** Publishes the cluster's last status again (see {@link StatusReporter#heartbeat()}). */
  public void heartbeat() {
    status.heartbeat();
  }

  /**
   * Starts the cluster: a first reconcile at once (which makes or loads the agent's keys for the
   * cluster before anything else, even while it is in no mesh), then the periodic resync. The first
   * resync comes at a point of the interval derived from the cluster's name, so that the clusters
   * of a hosted agent do not all resync at the same moment.
   */
  synchronized void start() {
    if (resync != null) {
      return;
    }
    loop.trigger("start");
    try {
      resync = executor.every(resyncInterval, firstResync(), () -> loop.trigger("resync"));
    } catch (RejectedExecutionException e) {
      // the agent is stopping
    }
  }

  /** Stops the resync, the reconciles and the watches. */
  synchronized void stop() {
    if (resync != null) {
      resync.cancel(false);
      resync = null;
    }
    loop.stop();
  }

  private Duration firstResync() {
    long slots = 1000;
    long slot = Math.floorMod(cluster.hashCode(), slots) + 1;
    return resyncInterval.multipliedBy(slot).dividedBy(slots);
  }
}
