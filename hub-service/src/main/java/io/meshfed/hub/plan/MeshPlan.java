package io.meshfed.hub.plan;

import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.hub.registry.OwnPlan;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the planner computes for one mesh, each part bounded by what its reader needs: the mesh
 * record (settings, {@code meshNetworks}, the primaries), each member's own plan (the plan part of
 * its desired record), and each sender's credential record. Revisions are 0: {@link MeshChanges}
 * numbers what it writes.
 *
 * @param record the mesh record
 * @param members each member's own plan, by cluster name
 * @param credentials the credential record of each member that has something to route to at least
 *     one recipient, by sending cluster
 */
record MeshPlan(
    MeshRecord record,
    SortedMap<String, OwnPlan> members,
    SortedMap<String, SharedCredential> credentials) {

  public MeshPlan {
    members = frozen(members);
    credentials = frozen(credentials);
  }

  /** The member's own plan; none for a cluster that is not a member. */
  public OwnPlan member(String cluster) {
    return members.getOrDefault(cluster, OwnPlan.none());
  }

  public Optional<SharedCredential> credential(String sender) {
    return Optional.ofNullable(credentials.get(sender));
  }

  private static <V> SortedMap<String, V> frozen(Map<String, V> in) {
    return Collections.unmodifiableSortedMap(in == null ? new TreeMap<>() : new TreeMap<>(in));
  }
}
