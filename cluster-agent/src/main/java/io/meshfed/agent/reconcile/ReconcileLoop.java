package io.meshfed.agent.reconcile;

import io.meshfed.agent.config.AgentConfig;
import io.meshfed.agent.messaging.ReplayTracker;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.resource.ApplyException;
import io.meshfed.agent.resource.CachedObjects;
import io.meshfed.agent.resource.Operation;
import io.meshfed.agent.security.AgentKeyStore;
import io.meshfed.agent.status.StatusReporter;
import io.meshfed.agent.watch.ClusterWatches;
import io.meshfed.events.model.DesiredMembership;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Reconciles one cluster, one reconcile at a time, on the threads of the shared {@link
 * ReconcileExecutor}. Triggers (records, watch events, the resync timer, retries) coalesce: while a
 * reconcile is queued or running, more triggers add at most one more, and every reconcile works on
 * the whole current state. A reconcile whose API calls failed is retried with exponential backoff.
 *
 * <p>The cluster's watches run only while it has a desired membership: they start with the first
 * reconcile of one and stop when the cluster leaves. A reconcile woken by an event reads the copies
 * the watches hold where they can answer, so that a change that needs one write costs one API call;
 * a resync or a retry reads the API server, so that drift the watches missed is still repaired.
 *
 * <p>A mesh record that changes nothing the cluster reads does not reconcile it: the revision it
 * reports applied follows the record ({@link #followMeshRevision}) when the revision it applied
 * last read the same.
 */
public final class ReconcileLoop {

  private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);

  private final String cluster;
  private final DesiredStateStore store;
  private final AgentKeyStore keys;
  private final ClusterReconciler reconciler;
  private final MeshLeaver leaver;
  private final StatusReporter reporter;
  private final ClusterWatches watches;
  private final AgentMetrics metrics;
  private final ReplayTracker replay;
  private final ReconcileExecutor executor;
  private final Backoff backoff;

  /** A reconcile of this cluster is queued or running. */
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /** A trigger arrived since the current reconcile started. */
  private final AtomicBoolean dirty = new AtomicBoolean();

  /** A trigger since the last reconcile asked to read the API server rather than the watches. */
  private final AtomicBoolean readApi = new AtomicBoolean(true);

  /** A mesh revision that changes nothing the cluster reads arrived since the last run. */
  private final AtomicBoolean newMeshRevision = new AtomicBoolean();

  /** Reconciles run, for the tests' counting. */
  private final AtomicLong reconciles = new AtomicLong();

  private volatile boolean stopped;
  private volatile ScheduledFuture<?> retry;
  private volatile ReconcileOutcome last;

  /** The cluster's own parts; everything but the executor, metrics and replay is this cluster's. */
  public ReconcileLoop(
      String cluster,
      DesiredStateStore store,
      AgentKeyStore keys,
      ClusterReconciler reconciler,
      MeshLeaver leaver,
      StatusReporter reporter,
      ClusterWatches watches,
      AgentMetrics metrics,
      ReplayTracker replay,
      ReconcileExecutor executor,
      AgentConfig.Retry retryConfig) {
    this.cluster = cluster;
    this.store = store;
    this.keys = keys;
    this.reconciler = reconciler;
    this.leaver = leaver;
    this.reporter = reporter;
    this.watches = watches;
    this.metrics = metrics;
    this.replay = replay;
    this.executor = executor;
    this.backoff =
        new Backoff(
            retryConfig.initialBackoff(), retryConfig.maxBackoff(), retryConfig.multiplier());
  }

  /**
   * Asks for a reconcile of the whole state that reads the cluster from its API server (a resync, a
   * retry); returns at once.
   */
  public void trigger(String why) {
    readApi.set(true);
    wake(why);
  }

  /**
   * Asks for a reconcile of the whole state after an event (a record, a watched change); it may
   * read the copies the watches hold instead of the API server. Returns at once.
   */
  public void wake(String why) {
    if (stopped) {
      return;
    }
    dirty.set(true);
    if (submit()) {
      LOG.tracef("cluster=%s: reconcile queued (%s)", cluster, why);
    }
  }

  /**
   * A new revision of the mesh record changes nothing this cluster reads: without a reconcile, the
   * mesh revision reported applied follows it, if the cluster applied the revision it replaces.
   * Returns at once; a queued or running reconcile covers it.
   */
  public void followMeshRevision(String why) {
    if (stopped) {
      return;
    }
    newMeshRevision.set(true);
    if (submit()) {
      LOG.tracef("cluster=%s: mesh revision to follow (%s)", cluster, why);
    }
  }

  /** How many reconciles ran (not counting a mesh revision followed without one). */
  public long reconciles() {
    return reconciles.get();
  }

  /** The outcome of the last reconcile, if one ran. */
  public Optional<ReconcileOutcome> lastOutcome() {
    return Optional.ofNullable(last);
  }

  /** No reconcile starts after this; a pending retry is dropped and the watches stop. */
  public void stop() {
    stopped = true;
    ScheduledFuture<?> pending = retry;
    if (pending != null) {
      pending.cancel(false);
    }
    watches.stop();
  }

  /** Queues a run unless one is queued or running; returns whether it queued one. */
  private boolean submit() {
    if (!scheduled.compareAndSet(false, true)) {
      return false;
    }
    try {
      executor.execute(this::run);
      return true;
    } catch (RejectedExecutionException e) {
      scheduled.set(false);
      return false;
    }
  }

  private void run() {
    try {
      boolean reconcile = dirty.getAndSet(false);
      boolean revision = newMeshRevision.getAndSet(false);
      if (!stopped && reconcile) {
        runOnce();
      } else if (!stopped && revision) {
        followMeshRevision();
      }
    } finally {
      scheduled.set(false);
      if ((dirty.get() || newMeshRevision.get()) && !stopped) {
        submit();
      }
    }
  }

  /** Reports the held mesh revision as applied, if the one it replaces was, without a reconcile. */
  private void followMeshRevision() {
    ReconcileOutcome previous = last;
    if (!replay.caughtUp() || previous == null) {
      return;
    }
    DesiredStateStore.Snapshot snapshot = store.snapshot();
    if (snapshot.desired().isEmpty() || snapshot.leaveRequested()) {
      return;
    }
    Optional<ReconcileOutcome> followed =
        reconciler.followMeshRevision(snapshot.desired().get(), snapshot.mesh(), previous);
    if (followed.isPresent()) {
      LOG.debugf(
          "mesh=%s cluster=%s: mesh revision %d changes nothing this cluster reads",
          followed.get().meshId(), cluster, followed.get().observedMeshRevision());
      last = followed.get();
      reporter.report(followed.get(), snapshot.desiredReceivedAt());
    }
  }

  private void runOnce() {
    if (!replay.caughtUp()) {
      LOG.debugf("cluster=%s: still reading the state topics, reconcile deferred", cluster);
      return;
    }
    CachedObjects cached = readApi.getAndSet(false) ? CachedObjects.NONE : watches.cache();
    DesiredStateStore.Snapshot snapshot = store.snapshot();
    reconciles.incrementAndGet();
    long start = System.nanoTime();
    ReconcileOutcome outcome;
    try {
      outcome = reconcile(snapshot, cached);
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
    reporter.report(outcome, snapshot.desiredReceivedAt());
    if (outcome.needsRetry()) {
      scheduleRetry();
    } else {
      backoff.reset();
    }
  }

  private ReconcileOutcome reconcile(DesiredStateStore.Snapshot snapshot, CachedObjects cached) {
    // the keys come first: without them nothing can be reported (status records are signed)
    try {
      keys.ensure(cached == CachedObjects.NONE);
    } catch (ApplyException e) {
      if (keys.current().isEmpty()) {
        LOG.warnf(
            "mesh=%s cluster=%s: cannot load or create the agent's keys, nothing is reconciled or"
                + " reported until then: %s",
            snapshot.lastMeshId().orElse("?"), cluster, e.getMessage());
        return ReconcileOutcome.keysUnavailable(snapshot.lastMeshId().orElse(null), e);
      }
      LOG.warnf(
          "mesh=%s cluster=%s: cannot check the agent's keys Secret: %s",
          snapshot.lastMeshId().orElse("?"), cluster, e.getMessage());
    }
    if (snapshot.desired().isPresent() && !stopped) {
      watches.start(this::wake);
    } else {
      watches.stop();
    }
    if (snapshot.leaveRequested()) {
      String mesh = snapshot.lastMeshId().orElse(null);
      if (snapshot.left()) {
        return ReconcileOutcome.leaving(
            ReconcileOutcome.Step.LEFT, mesh, java.util.List.of(), java.util.Map.of());
      }
      ReconcileOutcome outcome =
          leaver.leave(mesh, leaving -> reporter.report(leaving, Optional.empty()));
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
      reporter.report(reconciler.pending(desired), Optional.empty());
    }
    return reconciler.reconcile(desired, snapshot.mesh(), snapshot.credentials(), cached);
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
    ScheduledFuture<?> pending = retry;
    if (pending != null && !pending.isDone()) {
      return;
    }
    Duration delay = backoff.next();
    LOG.infof(
        "mesh=%s cluster=%s: retrying the reconcile in %s",
        store.snapshot().lastMeshId().orElse("?"), cluster, delay);
    try {
      retry = executor.schedule(() -> trigger("retry"), delay);
    } catch (RejectedExecutionException e) {
      // the agent is stopping
    }
  }
}
