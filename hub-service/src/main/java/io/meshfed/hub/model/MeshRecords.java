package io.meshfed.hub.model;

import io.meshfed.events.model.MeshState;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventDecodeException;
import java.util.Optional;

/**
 * Decides whether a mesh needs a new mesh record: only when the planned record differs from the
 * last one on the log, so that a heartbeat or a restart writes nothing.
 */
public final class MeshRecords {

  private MeshRecords() {}

  /**
   * The next mesh record of the mesh, with the revision increased, or empty if nothing changed. The
   * record is in the form it reads back from the log.
   */
  public static Optional<MeshState> next(MeshRegistry registry, String meshId) {
    MeshSettings mesh = registry.mesh(meshId).orElseThrow();
    Optional<MeshState> last = registry.meshRecord(meshId);
    long revision = last.map(MeshState::revision).orElse(0L);
    MeshState planned =
        canonical(
            MeshPlanner.plan(mesh, registry.membersOf(meshId), registry.observed(), revision));
    // The last record is in its canonical form already (read from the log, or written by the
    // hub from a canonical plan); only a record from elsewhere needs the round trip.
    if (last.isPresent() && (planned.equals(last.get()) || planned.equals(canonical(last.get())))) {
      return Optional.empty();
    }
    return Optional.of(withRevision(planned, revision + 1));
  }

  /** Whether the meshNetworks of the new record differ from the last one's. */
  public static boolean networksChanged(Optional<MeshState> last, MeshState next) {
    if (last.isEmpty()) {
      return !next.meshNetworks().isEmpty();
    }
    if (last.get().meshNetworks().equals(next.meshNetworks())) {
      return false;
    }
    return !canonical(last.get()).meshNetworks().equals(canonical(next).meshNetworks());
  }

  /** The record as it reads back from the log, so that equal content compares equal. */
  static MeshState canonical(MeshState state) {
    try {
      return EventCodec.decode(MeshState.class, EventCodec.encode(state));
    } catch (EventDecodeException e) {
      throw new IllegalStateException("a planned mesh record does not read back", e);
    }
  }

  private static MeshState withRevision(MeshState s, long revision) {
    return new MeshState(
        s.meshId(),
        revision,
        s.istioVersion(),
        s.meshNetworks(),
        s.members(),
        s.cni(),
        s.gatewayPlacement(),
        s.pinSigningKeysAtFirstContact());
  }
}
