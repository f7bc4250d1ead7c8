package io.meshfed.agent.messaging;

import io.meshfed.agent.reconcile.DesiredStateStore;
import io.meshfed.agent.reconcile.ReconcileLoop;
import io.meshfed.events.EventType;
import io.meshfed.events.model.MeshState;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code meshfed.meshes.v1}: the mesh-wide record (key = mesh id). Once the cluster's mesh is
 * known, records of other meshes are skipped by their key alone; an older revision is ignored.
 */
@ApplicationScoped
public class MeshConsumer {

  private static final Logger LOG = Logger.getLogger(MeshConsumer.class);

  private final DesiredStateStore store;
  private final ReconcileLoop loop;
  private final ReplayTracker replay;
  private final RecordReader reader;

  public MeshConsumer(
      DesiredStateStore store, ReconcileLoop loop, ReplayTracker replay, RecordReader reader) {
    this.store = store;
    this.loop = loop;
    this.replay = replay;
    this.reader = reader;
  }

  @Incoming("meshes")
  public void consume(ConsumerRecord<String, byte[]> record) {
    boolean replayDone = replay.seen(record.topic(), record.partition(), record.offset());
    boolean changed = false;
    try {
      changed = take(record);
    } finally {
      if (changed || replayDone) {
        loop.trigger(changed ? "mesh record" : "state topics read to their end");
      }
    }
  }

  private boolean take(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null || !store.wantsMesh(record.key()) || record.value() == null) {
      return false;
    }
    MeshState mesh = reader.read(record, EventType.MESH_STATE);
    if (!mesh.meshId().equals(record.key())) {
      throw reader.reject(
          record,
          "KeyMismatch",
          "MeshState: meshId '"
              + mesh.meshId()
              + "' does not match the record key '"
              + record.key()
              + "'");
    }
    boolean taken = store.offerMesh(mesh);
    if (taken) {
      LOG.debugf("mesh=%s: mesh revision %d", mesh.meshId(), mesh.revision());
    }
    return taken;
  }
}
