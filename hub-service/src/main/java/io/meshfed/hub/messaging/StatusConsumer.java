package io.meshfed.hub.messaging;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.Phase;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.HubState;
import io.meshfed.hub.metrics.HubMetrics;
import io.meshfed.hub.model.StatusIntake;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes in the agents' reports from {@code meshfed.status.v1}: records each member's phase and
 * addresses, tells of Ready and Degraded, and writes a new mesh record at once when a report
 * changes the plan. Malformed reports go to the dead-letter topic; reports from clusters that are
 * not members of the mesh they name are counted and ignored.
 */
@ApplicationScoped
public class StatusConsumer {

  private static final Logger LOG = Logger.getLogger(StatusConsumer.class);

  private final HubState state;
  private final RecordPublisher publisher;
  private final DeadLetters deadLetters;
  private final HubMetrics metrics;
  private final RebuildGate gate;

  @Inject
  public StatusConsumer(
      HubState state,
      RecordPublisher publisher,
      DeadLetters deadLetters,
      HubMetrics metrics,
      RebuildGate gate) {
    this.state = state;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.metrics = metrics;
    this.gate = gate;
  }

  @Incoming("status")
  @Blocking(ordered = true)
  public void consume(ConsumerRecord<String, byte[]> record) {
    gate.awaitRebuilt();
    if (state.statusAlreadyRead(record.partition(), record.offset()) || record.value() == null) {
      return;
    }
    MeshEvent event;
    try {
      event = KafkaEvents.decode(record);
    } catch (EventDecodeException e) {
      deadLetters.send(record, e.reason(), e.getMessage());
      return;
    }
    if (!(event instanceof ClusterStatus status)) {
      deadLetters.send(
          record,
          "NotAStatus",
          "a "
              + event.getClass().getSimpleName()
              + " on the status topic; only ClusterStatus belongs there");
      return;
    }
    if (record.key() != null && !record.key().equals(status.clusterName())) {
      deadLetters.send(
          record,
          "KeyMismatch",
          "the record key '"
              + record.key()
              + "' is not the cluster the status speaks for ('"
              + status.clusterName()
              + "')");
      return;
    }
    Instant received = Instant.now();
    state.write(() -> intake(status, received));
  }

  private Void intake(ClusterStatus status, Instant received) {
    StatusIntake.Outcome outcome = StatusIntake.apply(state.current(), status, received);
    if (outcome.ignored()) {
      metrics.statusIgnored("NotAMember");
      LOG.debugf(
          "ignored status of cluster %s: not a member of mesh %s",
          status.clusterName(), status.meshId());
      return null;
    }
    publisher.writeState(outcome.changes());
    state.replace(outcome.changes().next());
    publisher.writeEvents(outcome.changes().events());
    if (outcome.addressesChanged() && !outcome.changes().meshRecords().isEmpty()) {
      metrics.gatewayChangePublished(status.meshId(), Duration.between(received, Instant.now()));
      LOG.infof(
          "mesh %s cluster %s: east-west addresses now %s, mesh record revision %d",
          status.meshId(),
          status.clusterName(),
          status.eastWestAddresses(),
          outcome.changes().meshRecords().get(0).revision());
    }
    if (status.phase() == Phase.READY) {
      metrics.readyAt(
          status.meshId(), status.clusterName(), status.observedGeneration(), Instant.now());
    }
    if (outcome.turnedReady()) {
      LOG.infof(
          "mesh %s cluster %s is Ready at generation %d",
          status.meshId(), status.clusterName(), status.observedGeneration());
    }
    return null;
  }
}
