package io.meshfed.agent.model;

import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.NetworkSpec;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Exactly what one member's reconcile reads of its mesh record, through {@link MemberTopology}: two
 * records with the same digest render the same objects and share the same credential, so a mesh
 * record that leaves a member's digest as it was does not concern that member and does not wake its
 * reconcile.
 *
 * <ul>
 *   <li>A primary: whether the record arrived, whether the mesh spans several networks, {@code
 *       meshNetworks} (its Istio values), its own discovery address (istiod's certificate) and the
 *       recipient keys of the other primaries (it seals its credential to them).
 *   <li>A remote: whether the record arrived, whether the mesh spans several networks (its
 *       east-west gateway), its primary's discovery address and the recipient keys of the primaries
 *       (it seals its credential to them).
 * </ul>
 *
 * Compared by value; it holds references to the record's own (immutable) maps.
 *
 * @param received whether the record of the member's mesh arrived
 * @param meshNetworks for a primary, {@code meshNetworks}; empty for a remote
 * @param discoveryAddress a primary's own, a remote's primary's
 * @param recipientKeys the recipient key of each primary but the member, null until published
 */
public record MeshDigest(
    boolean received,
    boolean multiNetwork,
    SortedMap<String, NetworkSpec> meshNetworks,
    Optional<String> discoveryAddress,
    SortedMap<String, String> recipientKeys) {

  /** The digest of a member (by its desired record) for a record of its mesh, or none yet. */
  public static MeshDigest of(DesiredMembership desired, Optional<MeshRecord> mesh) {
    MemberTopology topology =
        new MemberTopology(desired, mesh.filter(m -> m.meshId().equals(desired.meshId())));
    return new MeshDigest(
        topology.mesh().isPresent(),
        topology.multiNetwork(),
        topology.primary()
            ? topology.mesh().map(MeshRecord::meshNetworks).orElse(Collections.emptySortedMap())
            : Collections.emptySortedMap(),
        topology.discoveryAddress(),
        Collections.unmodifiableSortedMap(new TreeMap<>(topology.credentialRecipients())));
  }
}
