package io.meshfed.agent.messaging;

import io.meshfed.agent.config.AgentConfig;
import io.meshfed.agent.reconcile.DesiredStateStore;
import io.meshfed.agent.reconcile.ReconcileLoop;
import io.meshfed.events.EventType;
import io.meshfed.events.model.DesiredMembership;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code meshfed.desired.v1}: this cluster's desired membership (key = cluster name). Records
 * of other clusters are skipped by their key alone; a tombstone means leave the mesh; a generation
 * older than the one held is ignored. The consumer only updates the state held in memory and wakes
 * the reconcile loop: no call to the API server happens on this thread.
 */
@ApplicationScoped
public class DesiredConsumer {

  private static final Logger LOG = Logger.getLogger(DesiredConsumer.class);

  private final String cluster;
  private final DesiredStateStore store;
  private final ReconcileLoop loop;
  private final ReplayTracker replay;
  private final RecordReader reader;

  public DesiredConsumer(
      AgentConfig config,
      DesiredStateStore store,
      ReconcileLoop loop,
      ReplayTracker replay,
      RecordReader reader) {
    this.cluster = config.clusterName();
    this.store = store;
    this.loop = loop;
    this.replay = replay;
    this.reader = reader;
  }

  @Incoming("desired")
  public void consume(ConsumerRecord<String, byte[]> record) {
    boolean replayDone = replay.seen(record.topic(), record.partition(), record.offset());
    boolean changed = false;
    try {
      changed = take(record);
    } finally {
      if (changed || replayDone) {
        loop.trigger(changed ? "desired record" : "state topics read to their end");
      }
    }
  }

  private boolean take(ConsumerRecord<String, byte[]> record) {
    if (!cluster.equals(record.key())) {
      return false;
    }
    if (record.value() == null) {
      LOG.infof(
          "mesh=%s cluster=%s: tombstone on %s: the cluster is to leave its mesh",
          store.snapshot().lastMeshId().orElse("?"), cluster, record.topic());
      return store.offerTombstone();
    }
    DesiredMembership desired = reader.read(record, EventType.DESIRED_MEMBERSHIP);
    if (!cluster.equals(desired.clusterName())) {
      throw reader.reject(
          record,
          "KeyMismatch",
          "DesiredMembership: clusterName '"
              + desired.clusterName()
              + "' does not match the record key '"
              + record.key()
              + "'");
    }
    DesiredStateStore.Offer offer = store.offerDesired(desired, Instant.now(), replay.caughtUp());
    switch (offer) {
      case STALE ->
          LOG.infof(
              "mesh=%s cluster=%s: ignoring desired generation %d, older than the one held",
              desired.meshId(), cluster, desired.generation());
      case ACCEPTED ->
          LOG.infof(
              "mesh=%s cluster=%s: desired generation %d (%s)",
              desired.meshId(), cluster, desired.generation(), desired.role());
      default -> {}
    }
    return offer == DesiredStateStore.Offer.ACCEPTED;
  }
}
