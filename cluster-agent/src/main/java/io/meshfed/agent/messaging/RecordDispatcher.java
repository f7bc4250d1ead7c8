package io.meshfed.agent.messaging;

import io.meshfed.agent.reconcile.DesiredStateStore;
import io.meshfed.events.EventType;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Hands each record of the state topics to the served clusters it concerns: a desired record (key =
 * cluster) to that cluster only, a mesh record (key = mesh) to every served cluster of that mesh
 * (and to those whose mesh is not known yet), a credential record (key = the sending cluster) to
 * every served cluster of the sender's mesh (and to those whose mesh is not known yet). Desired and
 * mesh records of clusters or meshes this process does not serve are skipped by their key without
 * being read; a credential record names its mesh in its body only, so it is read, and kept only by
 * the served clusters of that mesh. A record that concerns a served cluster must carry the hub's
 * signature ({@link HubRecordCheck}) before it is read. A record is checked and decoded once,
 * however many clusters it goes to. Only state in memory is updated here, and the clusters that
 * took something are woken: no call to an API server happens on the consumer's thread.
 *
 * @throws RejectedRecordException (from both methods) when a record that concerns a served cluster
 *     cannot be read; the consumer nacks it to the dead-letter topic
 */
@ApplicationScoped
public class RecordDispatcher {

  private static final Logger LOG = Logger.getLogger(RecordDispatcher.class);

  private final RecordTargets targets;
  private final RecordReader reader;
  private final ReplayTracker replay;
  private final HubRecordCheck hub;

  public RecordDispatcher(
      RecordTargets targets, RecordReader reader, ReplayTracker replay, HubRecordCheck hub) {
    this.targets = targets;
    this.reader = reader;
    this.replay = replay;
    this.hub = hub;
  }

  /** A record of {@code meshfed.desired.v1}. */
  public void desired(ConsumerRecord<String, byte[]> record) {
    boolean replaying = !replay.finished();
    Optional<RecordTarget> target = Optional.empty();
    boolean changed = false;
    try {
      target = record.key() == null ? Optional.empty() : targets.forCluster(record.key());
      changed = target.isPresent() && takeDesired(target.get(), record);
    } finally {
      if (!taken(record, replaying) && changed) {
        target.get().wake("desired record");
      }
    }
  }

  /**
   * A record of {@code meshfed.meshes.v2}: wakes each served cluster of that mesh whose reconcile
   * reads something of it that changed ({@link io.meshfed.agent.model.MeshDigest}); the others only
   * follow its revision.
   */
  public void mesh(ConsumerRecord<String, byte[]> record) {
    boolean replaying = !replay.finished();
    try {
      String meshId = record.key();
      if (meshId == null || record.value() == null) {
        return;
      }
      List<RecordTarget> concerned =
          targets.all().stream().filter(t -> t.store().wantsMesh(meshId)).toList();
      if (concerned.isEmpty()) {
        return;
      }
      hub.check(record);
      MeshRecord mesh = readMesh(record);
      for (RecordTarget target : concerned) {
        DesiredStateStore.Taken taken = target.store().offerMesh(mesh);
        if (taken != DesiredStateStore.Taken.IGNORED) {
          LOG.debugf(
              "mesh=%s cluster=%s: mesh revision %d (%s)",
              meshId, target.cluster(), mesh.revision(), taken);
        }
        if (taken == DesiredStateStore.Taken.CONCERNS) {
          target.wake("mesh record");
        } else if (taken == DesiredStateStore.Taken.NEW_REVISION) {
          target.followMeshRevision("mesh record that changes nothing the cluster reads");
        }
      }
    } finally {
      taken(record, replaying);
    }
  }

  /**
   * A record of {@code meshfed.credentials.v1}; a tombstone means the sender left. A record of
   * sender S concerns S itself and the primaries of S's mesh, nothing else: it wakes the served
   * primaries of that mesh when S is new to them, left, or its URL or envelope as they open it
   * changed (a primary holds the remote secret of every sender of its mesh but itself), and S (when
   * served) when its envelope (which its status stops sending once its record carries it) or what
   * its recipients applied changed.
   */
  public void credential(ConsumerRecord<String, byte[]> record) {
    boolean replaying = !replay.finished();
    try {
      String sender = record.key();
      if (sender == null) {
        return;
      }
      hub.check(record);
      if (record.value() == null) {
        for (RecordTarget target : targets.all()) {
          DesiredStateStore.Taken taken = target.store().removeCredential(sender);
          if (taken == DesiredStateStore.Taken.CONCERNS) {
            target.wake("credential record");
          }
        }
        return;
      }
      SharedCredential credential = readCredential(record);
      for (RecordTarget target : targets.all()) {
        DesiredStateStore.Taken taken = target.store().offerCredential(credential);
        if (taken != DesiredStateStore.Taken.IGNORED) {
          LOG.debugf(
              "mesh=%s cluster=%s: credential record of %s, revision %d (%s)",
              credential.meshId(), target.cluster(), sender, credential.revision(), taken);
        }
        if (taken == DesiredStateStore.Taken.CONCERNS) {
          target.wake("credential record");
        }
      }
    } finally {
      taken(record, replaying);
    }
  }

  /**
   * Marks a record read once it was taken in (stored, or refused), never before: the replay is
   * complete only when every record up to the ends the consumers were given is in the store, so the
   * reconciles the end of the replay wakes see all of it, not a mesh record another consumer thread
   * has read but not stored yet (an agent restarted that way rewrote its {@code Istio} with an
   * older {@code meshNetworks} and back). Wakes every served cluster when the replay is now
   * complete, whether this record or another consumer's completed it.
   *
   * @param replaying whether the replay was still going on when the record arrived
   * @return whether it woke every served cluster
   */
  private boolean taken(ConsumerRecord<String, byte[]> record, boolean replaying) {
    boolean completed = replay.seen(record.topic(), record.partition(), record.offset());
    if (completed || (replaying && replay.finished())) {
      wakeAll();
      return true;
    }
    return false;
  }

  private boolean takeDesired(RecordTarget target, ConsumerRecord<String, byte[]> record) {
    String cluster = target.cluster();
    hub.check(record);
    if (record.value() == null) {
      LOG.infof(
          "mesh=%s cluster=%s: tombstone on %s: the cluster is to leave its mesh",
          target.store().snapshot().lastMeshId().orElse("?"), cluster, record.topic());
      return target.store().offerTombstone();
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
    DesiredStateStore.Offer offer =
        target.store().offerDesired(desired, Instant.now(), replay.caughtUp());
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

  private MeshRecord readMesh(ConsumerRecord<String, byte[]> record) {
    MeshRecord mesh = reader.read(record, EventType.MESH_RECORD);
    if (!mesh.meshId().equals(record.key())) {
      throw reader.reject(
          record,
          "KeyMismatch",
          "MeshRecord: meshId '"
              + mesh.meshId()
              + "' does not match the record key '"
              + record.key()
              + "'");
    }
    return mesh;
  }

  private SharedCredential readCredential(ConsumerRecord<String, byte[]> record) {
    SharedCredential credential = reader.read(record, EventType.SHARED_CREDENTIAL);
    if (!credential.sender().equals(record.key())) {
      throw reader.reject(
          record,
          "KeyMismatch",
          "SharedCredential: sender '"
              + credential.sender()
              + "' does not match the record key '"
              + record.key()
              + "'");
    }
    return credential;
  }

  /** The state topics were read to their end: every served cluster may act now. */
  public void wakeAll() {
    targets.all().forEach(t -> t.wake("state topics read to their end"));
  }
}
