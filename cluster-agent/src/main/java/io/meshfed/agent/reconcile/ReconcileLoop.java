package io.meshfed.agent.reconcile;

import io.meshfed.agent.config.AgentConfig;
import io.meshfed.agent.messaging.ReplayTracker;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.resource.Operation;
import io.meshfed.agent.status.StatusPublisher;
import io.meshfed.events.model.DesiredMembership;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs reconciles one at a time on a single thread. Triggers (records, watch events, the resync
 * timer, retries) coalesce: while one reconcile is queued, more triggers add nothing, and every
 * reconcile works on the whole current state. A reconcile whose API calls failed is retried with
 * exponential backoff.
 */
@ApplicationScoped
public class ReconcileLoop {

  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);

  private final String cluster;
  private final DesiredStateStore store;
  private final ClusterReconciler reconciler;
  private final MeshLeaver leaver;
  private final StatusPublisher publisher;
  private final AgentMetrics metrics;
  private final ReplayTracker replay;
  private final Backoff backoff;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "meshfed-reconcile");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean queued = new AtomicBoolean();
  private ScheduledFuture<?> retry;
  private volatile ReconcileOutcome last;

  public ReconcileLoop(
      AgentConfig config,
      DesiredStateStore store,
      ClusterReconciler reconciler,
      MeshLeaver leaver,
      StatusPublisher publisher,
      AgentMetrics metrics,
      ReplayTracker replay) {
    this.cluster = config.clusterName();
    this.store = store;
    this.reconciler = reconciler;
    this.leaver = leaver;
    this.publisher = publisher;
    this.metrics = metrics;
    this.replay = replay;
    this.backoff =
        new Backoff(
            config.retry().initialBackoff(),
            config.retry().maxBackoff(),
            config.retry().multiplier());
  }

  /** Asks for a reconcile of the whole state; returns at once. */
  public void trigger(String why) {
    if (queued.compareAndSet(false, true)) {
      LOG.tracef("cluster=%s: reconcile queued (%s)", cluster, why);
      try {
        worker.execute(this::run);
      } catch (RejectedExecutionException e) {
        queued.set(false);
      }
    }
  }

  /** The outcome of the last reconcile, if one ran. */
  public Optional<ReconcileOutcome> lastOutcome() {
    return Optional.ofNullable(last);
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    queued.set(false);
    if (!replay.caughtUp()) {
      LOG.debugf("cluster=%s: still reading the state topics, reconcile deferred", cluster);
      return;
    }
    DesiredStateStore.Snapshot snapshot = store.snapshot();
    long start = System.nanoTime();
    ReconcileOutcome outcome;
    try {
      outcome = reconcile(snapshot);
    } catch (RuntimeException e) {
      LOG.errorf(
          e,
          "mesh=%s cluster=%s: reconcile failed unexpectedly",
          snapshot.lastMeshId().orElse("?"),
          cluster);
      metrics.reconciled("error", Duration.ofNanos(System.nanoTime() - start));
      scheduleRetry();
      return;
    }
    metrics.reconciled(outcome.metricOutcome(), Duration.ofNanos(System.nanoTime() - start));
    last = outcome;
    log(outcome);
    publisher.report(outcome, snapshot.desiredReceivedAt());
    if (outcome.needsRetry()) {
      scheduleRetry();
    } else {
      backoff.reset();
    }
  }

  private ReconcileOutcome reconcile(DesiredStateStore.Snapshot snapshot) {
    if (snapshot.leaveRequested()) {
      String mesh = snapshot.lastMeshId().orElse(null);
      if (snapshot.left()) {
        return ReconcileOutcome.leaving(
            ReconcileOutcome.Step.LEFT, mesh, java.util.List.of(), java.util.Map.of());
      }
      ReconcileOutcome outcome =
          leaver.leave(mesh, leaving -> publisher.report(leaving, Optional.empty()));
      if (outcome.step() == ReconcileOutcome.Step.LEFT) {
        store.markLeft();
        reconciler.forgetObserved();
      }
      return outcome;
    }
    if (snapshot.desired().isEmpty()) {
      return ReconcileOutcome.idle();
    }
    DesiredMembership desired = snapshot.desired().get();
    if (store.takePendingReport()) {
      publisher.report(reconciler.pending(desired), Optional.empty());
    }
    return reconciler.reconcile(desired, snapshot.mesh());
  }

  private void log(ReconcileOutcome o) {
    int written =
        o.operations().entrySet().stream()
            .filter(e -> e.getKey().wrote())
            .mapToInt(java.util.Map.Entry::getValue)
            .sum();
    String summary =
        String.format(
            "mesh=%s cluster=%s: reconciled (%s): created=%d patched=%d deleted=%d unchanged=%d"
                + " failed=%d",
            o.meshId(),
            cluster,
            o.step(),
            o.operations().getOrDefault(Operation.CREATED, 0),
            o.operations().getOrDefault(Operation.PATCHED, 0),
            o.operations().getOrDefault(Operation.DELETED, 0),
            o.operations().getOrDefault(Operation.UNCHANGED, 0),
            o.failures().size());
    if (!o.failures().isEmpty()) {
      LOG.warnf("%s; first failure: %s", summary, o.failures().get(0).getMessage());
    } else if (written > 0) {
      LOG.info(summary);
    } else {
      LOG.debug(summary);
    }
  }

  private void scheduleRetry() {
    if (retry != null && !retry.isDone()) {
      return;
    }
    Duration delay = backoff.next();
    LOG.infof(
        "mesh=%s cluster=%s: retrying the reconcile in %s",
        store.snapshot().lastMeshId().orElse("?"), cluster, delay);
    retry = worker.schedule(() -> trigger("retry"), delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
