package io.meshfed.agent.reconcile;

import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest desired membership of one served cluster and the latest record of its mesh, as read
 * from the compacted topics. Level-based: only the newest state is kept, and every reconcile works
 * on the whole of it.
 *
 * <p>Until the desired record names the mesh, the newest record of every mesh is kept (they are
 * few), so that the order in which the two topics are read does not matter.
 */
public final class DesiredStateStore {

  /** What a snapshot of the store holds. */
  public record Snapshot(
      Optional<DesiredMembership> desired,
      Optional<MeshState> mesh,
      boolean leaveRequested,
      boolean left,
      Optional<String> lastMeshId,
      Optional<Instant> desiredReceivedAt) {}

  /** What became of an offered desired record. */
  public enum Offer {
    ACCEPTED,
    STALE,
    SAME
  }

  private DesiredMembership desired;
  private Instant desiredReceivedAt;
  private boolean leaveRequested;
  private boolean left;
  private String lastMeshId;
  private boolean pendingToReport;
  private final Map<String, MeshState> meshes = new HashMap<>();

  /**
   * Takes a desired record unless it is older than the one held.
   *
   * @param live whether the topics had been read to their end (a join now, not a replay at start)
   */
  public synchronized Offer offerDesired(DesiredMembership record, Instant now, boolean live) {
    if (desired != null) {
      if (record.generation() < desired.generation()) {
        return Offer.STALE;
      }
      if (record.equals(desired)) {
        return Offer.SAME;
      }
    }
    if (desired == null || desired.generation() != record.generation()) {
      desiredReceivedAt = now;
    }
    if (desired == null && live) {
      pendingToReport = true;
    }
    desired = record;
    leaveRequested = false;
    left = false;
    lastMeshId = record.meshId();
    meshes.keySet().removeIf(mesh -> !mesh.equals(record.meshId()));
    return Offer.ACCEPTED;
  }

  /** A tombstone: leave the mesh. Returns whether this changed anything. */
  public synchronized boolean offerTombstone() {
    if (leaveRequested && desired == null) {
      return false;
    }
    desired = null;
    desiredReceivedAt = null;
    leaveRequested = true;
    left = false;
    return true;
  }

  /** Whether a record of this mesh may concern this cluster, judged by its key alone. */
  public synchronized boolean wantsMesh(String meshId) {
    return desired == null || desired.meshId().equals(meshId);
  }

  /** Takes a mesh record unless an equal or newer revision of that mesh is held. */
  public synchronized boolean offerMesh(MeshState record) {
    if (!wantsMesh(record.meshId())) {
      return false;
    }
    MeshState held = meshes.get(record.meshId());
    if (held != null && (record.revision() < held.revision() || record.equals(held))) {
      return false;
    }
    meshes.put(record.meshId(), record);
    return true;
  }

  /** Whether a join arrived that should be reported as {@code Pending}; true once per join. */
  public synchronized boolean takePendingReport() {
    boolean pending = pendingToReport && desired != null;
    pendingToReport = false;
    return pending;
  }

  /** The leave completed; nothing is left to delete until a new desired record arrives. */
  public synchronized void markLeft() {
    if (leaveRequested) {
      left = true;
    }
  }

  public synchronized Snapshot snapshot() {
    Optional<MeshState> mesh =
        desired == null ? Optional.empty() : Optional.ofNullable(meshes.get(desired.meshId()));
    return new Snapshot(
        Optional.ofNullable(desired),
        mesh,
        leaveRequested,
        left,
        Optional.ofNullable(lastMeshId),
        Optional.ofNullable(desiredReceivedAt));
  }
}
