package io.meshfed.hub.log;

import io.meshfed.hub.HubConfig;
import io.meshfed.hub.HubState;
import io.meshfed.hub.auth.RequestAuthorizer;
import io.meshfed.hub.messaging.RecordPublisher;
import io.meshfed.hub.metrics.HubMetrics;
import io.meshfed.hub.plan.Changes;
import io.meshfed.hub.plan.MeshChanges;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.signing.SigningTimes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * At start, rebuilds the registry from the membership log before the hub takes any request:
 * readiness is DOWN and REST writes answer 503 until it is done. Each mesh is planned again from
 * what was read, and each of its records (mesh, desired, credential) written only if it differs
 * from the last one on the log, so a restart republishes nothing that did not change. A mesh last
 * written in the first contract gets its first record on {@code meshfed.meshes.v2}, and its members
 * their own plan in their desired records. A failed read is retried.
 */
@ApplicationScoped
public class StartupRebuild {

  private static final Logger LOG = Logger.getLogger(StartupRebuild.class);
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final LogSource source;
  private final HubState state;
  private final RecordPublisher publisher;
  private final HubMetrics metrics;
  private final HubConfig config;
  private final RequestAuthorizer authorizer;
  private final SigningTimes signingTimes;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "meshfed-hub-rebuild");
            t.setDaemon(true);
            return t;
          });
  private volatile String lastError;

  @Inject
  public StartupRebuild(
      LogSource source,
      HubState state,
      RecordPublisher publisher,
      HubMetrics metrics,
      HubConfig config,
      RequestAuthorizer authorizer,
      SigningTimes signingTimes) {
    this.authorizer = authorizer;
    this.signingTimes = signingTimes;
    this.source = source;
    this.state = state;
    this.publisher = publisher;
    this.metrics = metrics;
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    executor.execute(this::attempt);
  }

  void onStop(@Observes ShutdownEvent event) {
    executor.shutdownNow();
  }

  /** Why the last attempt failed, while the rebuild is not done. */
  public String lastError() {
    return lastError;
  }

  private void attempt() {
    try {
      rebuild();
      lastError = null;
    } catch (RuntimeException | Error e) {
      // an Error too (the log not fitting the heap): the executor would drop it unseen
      lastError = e.toString();
      LOG.errorf(e, "rebuilding from the membership log failed; retrying in %s", RETRY);
      executor.schedule(this::attempt, RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void rebuild() {
    long start = System.nanoTime();
    LogSnapshot log = source.read(config.rebuildTimeout());
    Rebuilder.Rebuilt rebuilt = Rebuilder.rebuild(log, config.status().requireRegisteredKey());
    rebuilt.problems().forEach(p -> LOG.warnf("skipped a record of the membership log: %s", p));
    MeshRegistry registry = rebuilt.registry();
    // Sign every record from now on after every record of the state topics, whatever the clock
    Stream.of(log.desired(), log.meshes(), log.credentials())
        .flatMap(List::stream)
        .map(LogRecord::timestamp)
        .filter(java.util.Objects::nonNull)
        .max(Instant::compareTo)
        .ifPresent(signingTimes::notBefore);
    int republished = 0;
    for (String meshId : List.copyOf(registry.meshes().keySet())) {
      Changes changes = MeshChanges.between(registry, registry, meshId);
      if (changes.writesState()) {
        publisher.writeState(changes);
        publisher.writeEvents(changes.events());
        republished++;
        LOG.infof(
            "mesh %s changed while the hub was away: wrote %d desired, %d credential (%d deleted)"
                + " and %d mesh records%s",
            meshId,
            changes.desired().size(),
            changes.credentials().size(),
            changes.credentialTombstones().size(),
            changes.meshRecords().size(),
            changes.meshRecords().isEmpty()
                ? ""
                : " (revision " + changes.meshRecords().get(0).revision() + ")");
      }
      registry = changes.next();
    }
    authorizer.rememberTaken(log.takenRequests());
    state.rebuilt(registry, log.statusEndOffsets());
    metrics.meshesChanged(registry);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    metrics.rebuilt(took, log.records());
    LOG.infof(
        "rebuilt from the log in %d ms (%d records): %d meshes, %d members, %d statuses, epoch"
            + " %d, %d requests taken in within the replay window; %d meshes rewritten",
        took.toMillis(),
        log.records(),
        registry.meshes().size(),
        registry.members().size(),
        registry.observed().size(),
        registry.epoch(),
        log.takenRequests().size(),
        republished);
  }
}
