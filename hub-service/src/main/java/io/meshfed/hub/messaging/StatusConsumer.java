package io.meshfed.hub.messaging;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.Phase;
import io.meshfed.hub.HubConfig;
import io.meshfed.hub.HubState;
import io.meshfed.hub.ca.IntermediateIssuer;
import io.meshfed.hub.intake.StatusIntake;
import io.meshfed.hub.intake.StatusReplays;
import io.meshfed.hub.metrics.HubMetrics;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.security.sign.SigningKeys;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes in the agents' reports from {@code meshfed.status.v1}, one poll's batch at a time: checks
 * that each speaks for the cluster it claims (its signature verifies with the cluster's registered
 * key, or the key is pinned at first contact where the mesh allows it), signs a new intermediate CA
 * request, records the member's phase, addresses and credentials, tells of Ready and Degraded, and
 * writes the new desired, credential and mesh records the batch calls for at once: at most one mesh
 * record per mesh per batch. Of several reports of one cluster in a batch only the one with the
 * greatest sequence whose signature holds is taken in: each is checked first, so a forged report
 * cannot hide a genuine one before it. A genuine report whose sequence is not greater than that of
 * the last report taken in for its cluster (an earlier report sent again, {@link StatusReplays}) is
 * refused as {@code Replayed}. Malformed, unsigned, forged or replayed reports and refused requests
 * go to the dead-letter topic and change nothing, while the rest of their batch is taken in;
 * reports from clusters that are not members of the mesh they name are counted and ignored. The
 * batch's offsets are committed once it is applied.
 *
 * <p>A batch goes through three parts. {@link StatusChecks} decodes the records and verifies their
 * signatures outside the write lock, against the registry as it stands. Under the lock, {@link
 * StatusDecider} decides which reports are taken in against the registry as it is then (a check
 * made outside is redone if the member's key, its mesh's pinning or its intermediate changed
 * meanwhile), and {@link #commit} writes what they change and replaces the registry. The lock is
 * held across the commit's round trips to the broker: the next change (a request's, the next
 * batch's) must be computed from the registry this batch leaves, which stands only once its records
 * are acknowledged, and its events must follow this batch's on the log.
 */
@ApplicationScoped
public class StatusConsumer {

  private static final Logger LOG = Logger.getLogger(StatusConsumer.class);

  private final HubState state;
  private final RecordPublisher publisher;
  private final HubMetrics metrics;
  private final RebuildGate gate;
  private final HubConfig config;
  private final StatusChecks checks;
  private final StatusDecider decider;

  @Inject
  public StatusConsumer(
      HubState state,
      RecordPublisher publisher,
      DeadLetters deadLetters,
      HubMetrics metrics,
      RebuildGate gate,
      IntermediateIssuer issuer,
      HubConfig config) {
    this.state = state;
    this.publisher = publisher;
    this.metrics = metrics;
    this.gate = gate;
    this.config = config;
    IntermediateRequests intermediates = new IntermediateRequests(issuer);
    this.checks = new StatusChecks(state, deadLetters, metrics, intermediates);
    this.decider = new StatusDecider(deadLetters, metrics, intermediates);
  }

  @Incoming("status")
  @Blocking(ordered = true)
  public void consume(ConsumerRecords<String, byte[]> records) {
    gate.awaitRebuilt();
    // 1. Decode and verify, outside the write lock.
    Optional<StatusChecks.Batch> checked =
        checks.check(records, config.status().requireRegisteredKey());
    if (checked.isEmpty()) {
      return;
    }
    StatusChecks.Batch batch = checked.get();
    state.write(
        () -> {
          // 2. Decide against the registry as it is now, 3. write what it changes and apply it.
          MeshRegistry registry = state.current();
          StatusDecider.Decided decided =
              decider.decide(
                  registry,
                  batch.arrived(),
                  batch.received(),
                  config.status().requireRegisteredKey());
          commit(registry, decided, batch.received());
          return null;
        });
  }

  /**
   * Takes in the decided reports together and writes what they change: desired and credential
   * records, at most one mesh record per mesh, then the events; the registry changes once the
   * records are on the log. Runs under the write lock, so that the next change (of a request, of
   * the next batch) is computed from the registry this batch leaves, and events are written in the
   * order of the changes.
   */
  private void commit(MeshRegistry registry, StatusDecider.Decided decided, Instant received) {
    List<StatusIntake.Report> accepted = decided.accepted();
    List<String> pinnedKeys = decided.pinnedKeys();
    if (accepted.isEmpty()) {
      return;
    }
    StatusIntake.BatchOutcome outcome = StatusIntake.applyAll(registry, accepted);
    publisher.writeState(outcome.changes());
    state.replace(outcome.changes().next());
    publisher.writeEvents(outcome.changes().events());
    Instant written = Instant.now();
    for (StatusIntake.Taken taken : outcome.taken()) {
      ClusterStatus status = taken.status();
      Optional<MeshRecord> meshRecord = outcome.meshRecord(status.meshId());
      if (taken.addressesChanged() && meshRecord.isPresent()) {
        metrics.gatewayChangePublished(status.meshId(), Duration.between(received, written));
        LOG.infof(
            "mesh %s cluster %s: east-west addresses now %s, mesh record revision %d",
            status.meshId(),
            status.clusterName(),
            status.eastWestAddresses(),
            meshRecord.get().revision());
      }
      if (taken.credentialNotSent()) {
        metrics.credentialNotSent(status.meshId());
        LOG.infof(
            "mesh %s cluster %s: reports shared credential %s without its envelope; still routing"
                + " %s until it sends it",
            status.meshId(),
            status.clusterName(),
            status.sharedCredentialId(),
            outcome
                .changes()
                .next()
                .observed(status.clusterName())
                .map(
                    o ->
                        o.sharedCredential() == null ? "none" : o.sharedCredential().credentialId())
                .orElse("none"));
      }
      if (status.phase() == Phase.READY) {
        metrics.readyAt(
            status.meshId(), status.clusterName(), status.observedGeneration(), written);
      }
      if (taken.turnedReady()) {
        LOG.infof(
            "mesh %s cluster %s is Ready at generation %d",
            status.meshId(), status.clusterName(), status.observedGeneration());
      }
      if (pinnedKeys.contains(status.clusterName())) {
        Member member = outcome.changes().next().member(status.clusterName()).orElseThrow();
        LOG.infof(
            "mesh %s cluster %s: pinned its signing key %s at first contact",
            status.meshId(),
            status.clusterName(),
            SigningKeys.fingerprint(
                SigningKeys.decodePublicKey(member.trust().signingPublicKey())));
      }
    }
  }
}
