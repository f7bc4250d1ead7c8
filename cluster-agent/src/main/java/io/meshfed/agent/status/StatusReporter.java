package io.meshfed.agent.status;

import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.reconcile.ReconcileOutcome;
import io.meshfed.agent.security.AgentKeyStore;
import io.meshfed.agent.security.AgentKeys;
import io.meshfed.agent.watch.NodeLocalities;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Reports one cluster's status: assembles it from each reconcile outcome and publishes it, signed
 * with the cluster's key, at once when it changed (the report time aside), and again as a
 * heartbeat. After the final {@code Left} status no heartbeat follows. Nothing is published before
 * the cluster's keys are loaded: an unsigned status would be refused by the hub.
 */
public final class StatusReporter {

  private static final Logger LOG = Logger.getLogger(StatusReporter.class);

  private final String cluster;
  private final String agentVersion;
  private final Supplier<Optional<String>> apiServerUrl;
  private final NodeLocalities localities;
  private final StatusPublisher publisher;
  private final AgentKeyStore keys;
  private final AgentMetrics metrics;
  private final Clock clock = Clock.systemUTC();

  private ClusterStatus last;
  private long lastReadyGeneration = -1;

  /**
   * @param apiServerUrl the URL peers use to reach this cluster's API server, when one is known
   */
  public StatusReporter(
      String cluster,
      String agentVersion,
      Supplier<Optional<String>> apiServerUrl,
      NodeLocalities localities,
      StatusPublisher publisher,
      AgentKeyStore keys,
      AgentMetrics metrics) {
    this.cluster = cluster;
    this.agentVersion = agentVersion;
    this.apiServerUrl = apiServerUrl;
    this.localities = localities;
    this.publisher = publisher;
    this.keys = keys;
    this.metrics = metrics;
  }

  /**
   * Assembles the status from a reconcile outcome and publishes it if it changed.
   *
   * @param desiredReceivedAt when the reconciled desired generation was received, to time how long
   *     it took to become Ready
   */
  public synchronized void report(ReconcileOutcome outcome, Optional<Instant> desiredReceivedAt) {
    Optional<AgentKeys> signing = keys.current();
    if (signing.isEmpty()) {
      LOG.debugf("cluster=%s: no status before the agent's keys are loaded", cluster);
      return;
    }
    Instant now = clock.instant();
    Optional<ClusterStatus> next =
        StatusAssembler.assemble(outcome, inputs(signing.get()), Optional.ofNullable(last), now);
    if (next.isEmpty()) {
      return;
    }
    ClusterStatus status = next.get();
    if (last != null && StatusAssembler.sameContent(last, status)) {
      return;
    }
    if (last == null || last.phase() != status.phase()) {
      LOG.infof(
          "mesh=%s cluster=%s: phase %s (%s)",
          status.meshId(),
          status.clusterName(),
          status.phase().wireName(),
          status.condition(StatusConditions.READY).map(c -> c.reason()).orElse(""));
    }
    if (publisher.publish(status, signing.get())) {
      last = status;
    }
    metrics.phase(status.meshId(), status.clusterName(), status.phase());
    if (status.phase() == Phase.READY && outcome.desiredGeneration() != lastReadyGeneration) {
      lastReadyGeneration = outcome.desiredGeneration();
      desiredReceivedAt.ifPresent(at -> metrics.desiredToReady(Duration.between(at, now)));
    }
    if (status.phase() == Phase.LEFT) {
      lastReadyGeneration = -1;
    }
  }

  /** Publishes the last status again with the current time, unless it was the final one. */
  public synchronized void heartbeat() {
    Optional<AgentKeys> signing = keys.current();
    if (last == null || last.phase() == Phase.LEFT || signing.isEmpty()) {
      return;
    }
    ClusterStatus again = StatusAssembler.withReportedAt(last, clock.instant());
    if (publisher.publish(again, signing.get())) {
      last = again;
    }
  }

  /** The phase last published, if any. */
  public synchronized Optional<Phase> lastPhase() {
    return Optional.ofNullable(last).map(ClusterStatus::phase);
  }

  private StatusAssembler.Inputs inputs(AgentKeys signing) {
    return new StatusAssembler.Inputs(
        cluster,
        agentVersion,
        apiServerUrl.get().orElse(null),
        localities.current(),
        lastReadyGeneration,
        signing.signingPublicKey(),
        signing.recipientPublicKey());
  }
}
