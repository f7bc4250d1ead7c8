package io.meshfed.agent.reconcile;

import io.meshfed.agent.model.MemberTopology;
import io.meshfed.agent.model.MeshDigest;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The latest desired membership of one served cluster, the latest record of its mesh and the latest
 * credential record of each member of that mesh, as read from the compacted topics. Level-based:
 * only the newest state is kept, and every reconcile works on the whole of it.
 *
 * <p>Until the desired record names the mesh, the newest record of every mesh and every credential
 * record are kept, so that the order in which the topics are read does not matter; once it names
 * one, only that mesh's records stay.
 *
 * <p>What it takes of a mesh or credential record is also judged against what the cluster's
 * reconcile reads of it ({@link MeshDigest}; for a primary, a peer's credential record as it opens
 * it; its own record's envelope and {@code appliedBy}), so that a record that does not concern the
 * cluster does not wake it.
 */
public final class DesiredStateStore {

  /**
   * What a snapshot of the store holds.
   *
   * @param mesh the record of the desired mesh, once it arrived
   * @param credentials the credential records of the desired mesh's members, by sender
   */
  public record Snapshot(
      Optional<DesiredMembership> desired,
      Optional<MeshRecord> mesh,
      SortedMap<String, SharedCredential> credentials,
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

  /** What became of an offered mesh or credential record. */
  public enum Taken {
    /** Not kept: of another mesh, older than or equal to the one held. */
    IGNORED,
    /**
     * Kept, but nothing the cluster's reconcile reads changed (or the cluster has no desired record
     * to judge it by): no reconcile is needed.
     */
    KEPT,
    /**
     * A mesh record kept whose parts the cluster reads are those of the record it replaces: no
     * reconcile, but the revision the cluster applied may follow it.
     */
    NEW_REVISION,
    /** Kept, and something the cluster's reconcile reads changed: reconcile. */
    CONCERNS
  }

  private DesiredMembership desired;
  private Instant desiredReceivedAt;
  private boolean leaveRequested;
  private boolean left;
  private String lastMeshId;
  private boolean pendingToReport;
  private final Map<String, MeshRecord> meshes = new HashMap<>();
  private final Map<String, SharedCredential> credentials = new HashMap<>();

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
    credentials.values().removeIf(c -> !c.meshId().equals(record.meshId()));
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

  /** Whether a record of this mesh may concern this cluster. */
  public synchronized boolean wantsMesh(String meshId) {
    return desired == null || desired.meshId().equals(meshId);
  }

  /**
   * Takes a mesh record unless an equal or newer revision of that mesh is held, and tells whether
   * it concerns the cluster: whether its {@link MeshDigest} differs from the held record's.
   */
  public synchronized Taken offerMesh(MeshRecord record) {
    if (!wantsMesh(record.meshId())) {
      return Taken.IGNORED;
    }
    MeshRecord held = meshes.get(record.meshId());
    if (held != null && (record.revision() < held.revision() || record.equals(held))) {
      return Taken.IGNORED;
    }
    meshes.put(record.meshId(), record);
    if (desired == null) {
      return Taken.KEPT;
    }
    boolean concerns =
        !MeshDigest.of(desired, Optional.ofNullable(held))
            .equals(MeshDigest.of(desired, Optional.of(record)));
    return concerns ? Taken.CONCERNS : Taken.NEW_REVISION;
  }

  /**
   * Takes a member's credential record unless it is of another mesh than this cluster's, or an
   * equal or newer revision of the same sender's record in that mesh is held. It concerns the
   * cluster when it is the cluster's own and its envelope (which the cluster's status stops sending
   * once its record carries it) or {@code appliedBy} (when to revoke an older token) changed; or
   * when the cluster is a primary, whose peers are the senders of its mesh, and the record is new
   * or its {@code apiServerUrl} or envelope (as this cluster opens it) changed. A remote holds no
   * remote secret: another member's record never concerns it.
   */
  public synchronized Taken offerCredential(SharedCredential record) {
    if (!wantsMesh(record.meshId())) {
      return Taken.IGNORED;
    }
    SharedCredential held = credentials.get(record.sender());
    if (held != null
        && held.meshId().equals(record.meshId())
        && (record.revision() < held.revision() || record.equals(held))) {
      return Taken.IGNORED;
    }
    credentials.put(record.sender(), record);
    return concerns(held, record) ? Taken.CONCERNS : Taken.KEPT;
  }

  /**
   * A tombstone of a sender's credential record: it left. Concerns the cluster when the record was
   * held and the cluster is a primary (the sender's remote secret goes) or the sender itself.
   */
  public synchronized Taken removeCredential(String sender) {
    SharedCredential held = credentials.remove(sender);
    if (held == null) {
      return Taken.IGNORED;
    }
    return concerns(held, null) ? Taken.CONCERNS : Taken.KEPT;
  }

  private boolean concerns(SharedCredential before, SharedCredential after) {
    if (desired == null) {
      return false;
    }
    String me = desired.clusterName();
    String sender = after != null ? after.sender() : before.sender();
    if (sender.equals(me)) {
      return !Objects.equals(envelope(before), envelope(after))
          || !Objects.equals(appliedBy(before), appliedBy(after));
    }
    boolean primary = new MemberTopology(desired, Optional.empty()).primary();
    return primary && !Objects.equals(asOpened(before, me), asOpened(after, me));
  }

  private static CredentialEnvelope envelope(SharedCredential record) {
    return record == null ? null : record.credential();
  }

  private static Map<String, String> appliedBy(SharedCredential record) {
    return record == null ? Map.of() : record.appliedBy();
  }

  /** What a recipient reads of a peer's record: the URL, and the envelope as it opens it. */
  private record AsOpened(
      String apiServerUrl,
      String purpose,
      String credentialId,
      String ciphertext,
      String wrappedKey) {}

  private static AsOpened asOpened(SharedCredential record, String me) {
    if (record == null) {
      return null;
    }
    CredentialEnvelope e = record.credential();
    return e == null
        ? new AsOpened(record.apiServerUrl(), null, null, null, null)
        : new AsOpened(
            record.apiServerUrl(),
            e.purpose(),
            e.credentialId(),
            e.ciphertext(),
            e.recipients().get(me));
  }

  /** The credential record held of a sender, if any. */
  public synchronized Optional<SharedCredential> credential(String sender) {
    return Optional.ofNullable(credentials.get(sender));
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
    Optional<MeshRecord> mesh =
        desired == null ? Optional.empty() : Optional.ofNullable(meshes.get(desired.meshId()));
    SortedMap<String, SharedCredential> ofMesh = new TreeMap<>();
    if (desired != null) {
      credentials.forEach(
          (sender, c) -> {
            if (c.meshId().equals(desired.meshId())) {
              ofMesh.put(sender, c);
            }
          });
    }
    return new Snapshot(
        Optional.ofNullable(desired),
        mesh,
        Collections.unmodifiableSortedMap(ofMesh),
        leaveRequested,
        left,
        Optional.ofNullable(lastMeshId),
        Optional.ofNullable(desiredReceivedAt));
  }
}
