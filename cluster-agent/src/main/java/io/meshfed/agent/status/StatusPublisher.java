package io.meshfed.agent.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshfed.agent.config.AgentConfig;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.reconcile.ReconcileOutcome;
import io.meshfed.agent.watch.NodeLocalities;
import io.meshfed.events.EventType;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.Phase;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the cluster's status on {@code meshfed.status.v1} (key: cluster name) as a CloudEvent:
 * at once when it changed (the report time aside), and again as a heartbeat. After the final {@code
 * Left} status no heartbeat follows.
 */
@ApplicationScoped
public class StatusPublisher {

  private static final Logger LOG = Logger.getLogger(StatusPublisher.class);

  private final Emitter<byte[]> emitter;
  private final AgentConfig config;
  private final AgentMetrics metrics;
  private final NodeLocalities localities;
  private final String apiServerUrl;
  private final String source;
  private final Clock clock = Clock.systemUTC();

  private ClusterStatus last;
  private long lastReadyGeneration = -1;

  public StatusPublisher(
      @Channel("status") Emitter<byte[]> emitter,
      AgentConfig config,
      AgentMetrics metrics,
      NodeLocalities localities,
      KubernetesClient client) {
    this.emitter = emitter;
    this.config = config;
    this.metrics = metrics;
    this.localities = localities;
    this.apiServerUrl =
        config.apiServerUrl().orElseGet(() -> client.getConfiguration().getMasterUrl());
    this.source = "/meshfed/agent/" + config.clusterName();
  }

  /**
   * Assembles the status from a reconcile outcome and publishes it if it changed.
   *
   * @param desiredReceivedAt when the reconciled desired generation was received, to time how long
   *     it took to become Ready
   */
  public synchronized void report(ReconcileOutcome outcome, Optional<Instant> desiredReceivedAt) {
    Instant now = clock.instant();
    Optional<ClusterStatus> next =
        StatusAssembler.assemble(outcome, inputs(), Optional.ofNullable(last), now);
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
    publish(status);
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
    if (last == null || last.phase() == Phase.LEFT) {
      return;
    }
    publish(StatusAssembler.withReportedAt(last, clock.instant()));
  }

  /** The phase last published, if any. */
  public synchronized Optional<Phase> lastPhase() {
    return Optional.ofNullable(last).map(ClusterStatus::phase);
  }

  private StatusAssembler.Inputs inputs() {
    return new StatusAssembler.Inputs(
        config.clusterName(),
        config.agentVersion(),
        apiServerUrl,
        localities.current(),
        lastReadyGeneration);
  }

  private void publish(ClusterStatus status) {
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withKey(status.clusterName())
            .withHeaders(
                KafkaEvents.headers(
                    EventType.CLUSTER_STATUS,
                    source,
                    UUID.randomUUID().toString(),
                    status.reportedAt()))
            .build();
    Message<byte[]> message =
        Message.of(EventCodec.encode(status))
            .addMetadata(metadata)
            .withNack(
                failure -> {
                  LOG.warnf(
                      "mesh=%s cluster=%s: status not published: %s",
                      status.meshId(), status.clusterName(), failure.getMessage());
                  return CompletableFuture.completedFuture(null);
                });
    try {
      emitter.send(message);
      last = status;
      metrics.statusPublished(status.phase());
    } catch (RuntimeException e) {
      LOG.warnf(
          "mesh=%s cluster=%s: status not published: %s",
          status.meshId(), status.clusterName(), e.getMessage());
    }
  }
}
