package io.meshfed.hub.plan;

import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventDecodeException;
import java.util.Optional;

/**
 * Decides whether a planned mesh or credential record is written: only when it differs, its
 * revision aside, from the last one on the log, so that a heartbeat or a restart writes nothing.
 * What is written has the revision after the last one, in the form it reads back from the log.
 */
final class MeshRecords {

  private MeshRecords() {}

  /**
   * The next mesh record, or empty if the planned one is the last one.
   *
   * @param last the last mesh record on the log
   * @param planned the planned record (its revision is ignored)
   * @param revisionBefore the revision the first record continues from when there is no last one
   *     (that of the mesh's last state of the first contract, else 0)
   */
  public static Optional<MeshRecord> next(
      Optional<MeshRecord> last, MeshRecord planned, long revisionBefore) {
    long revision = last.map(MeshRecord::revision).orElse(revisionBefore);
    return changed(last, withRevision(planned, revision), MeshRecord.class)
        .map(r -> withRevision(r, revision + 1));
  }

  /**
   * The next credential record of a sender, or empty if the planned one is the last one.
   *
   * @param last the last credential record of the sender on the log (tombstones have none)
   * @param planned the planned record (its revision is ignored)
   */
  public static Optional<SharedCredential> next(
      Optional<SharedCredential> last, SharedCredential planned) {
    long revision = last.map(SharedCredential::revision).orElse(0L);
    return changed(last, withRevision(planned, revision), SharedCredential.class)
        .map(c -> withRevision(c, revision + 1));
  }

  /**
   * Whether the meshNetworks of the new record differ from the last one's. Both are in the form
   * they read back from the log.
   */
  public static boolean networksChanged(Optional<MeshRecord> last, MeshRecord next) {
    if (last.isEmpty()) {
      return !next.meshNetworks().isEmpty();
    }
    return !last.get().meshNetworks().equals(next.meshNetworks());
  }

  /**
   * The planned record in the form it reads back from the log, unless it says what the last one
   * says. The last record is in that form already (read from the log, or written by the hub in that
   * form), so a record equal to it is not read back at all: only one that differs in content, or in
   * form alone (e.g. an empty list for an absent one), costs a round trip.
   */
  private static <T extends MeshEvent> Optional<T> changed(
      Optional<T> last, T planned, Class<T> type) {
    if (last.isPresent() && planned.equals(last.get())) {
      return Optional.empty();
    }
    T canonical = canonical(planned, type);
    if (last.isPresent() && canonical.equals(last.get())) {
      return Optional.empty();
    }
    // The planned record itself when reading it back changes nothing (the usual case): it shares
    // its parts (a sender's reported envelope) with the plan of the next batch, whose comparison
    // with it then costs an identity check per part instead of a walk over every recipient.
    return Optional.of(canonical.equals(planned) ? planned : canonical);
  }

  /** The record as it reads back from the log, so that equal content compares equal. */
  static <T extends MeshEvent> T canonical(T record, Class<T> type) {
    try {
      return EventCodec.decode(type, EventCodec.encode(record));
    } catch (EventDecodeException e) {
      throw new IllegalStateException(
          "a planned " + type.getSimpleName() + " does not read back", e);
    }
  }

  private static MeshRecord withRevision(MeshRecord r, long revision) {
    return new MeshRecord(
        r.meshId(),
        revision,
        r.istioVersion(),
        r.meshNetworks(),
        r.primaries(),
        r.cni(),
        r.gatewayPlacement(),
        r.pinSigningKeysAtFirstContact());
  }

  private static SharedCredential withRevision(SharedCredential c, long revision) {
    return new SharedCredential(
        c.meshId(), c.sender(), revision, c.apiServerUrl(), c.credential(), c.appliedBy());
  }
}
