package io.meshfed.hub.model;

import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.DomainEvent;
import io.meshfed.events.model.MeshNetworksChanged;
import io.meshfed.events.model.MeshState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records that take one mesh from one registry to the next: a new desired record (with the
 * generation increased) for each member whose desired state changed, a tombstone for each member
 * that left, and at most one mesh record. Pure.
 */
public final class MeshChanges {

  private MeshChanges() {}

  public static Changes between(MeshRegistry before, MeshRegistry after, String meshId) {
    MeshSettings mesh = after.mesh(meshId).orElseThrow();
    Optional<MeshSettings> oldMesh = before.mesh(meshId);
    MeshRegistry next = after;
    List<DesiredMembership> desired = new ArrayList<>();
    for (Member member : after.membersOf(meshId)) {
      Optional<Member> old = before.member(meshId, member.clusterName());
      DesiredMembership wanted = DesiredRecords.of(mesh, member, after.epoch());
      boolean changed =
          old.isEmpty()
              || oldMesh.isEmpty()
              || !DesiredRecords.sameSpec(
                  DesiredRecords.of(oldMesh.get(), old.get(), before.epoch()), wanted);
      if (changed) {
        Member bumped = member.withGeneration(old.map(Member::generation).orElse(0L) + 1);
        next = next.withMember(bumped);
        desired.add(DesiredRecords.of(mesh, bumped, after.epoch()));
      }
    }
    List<String> tombstones = new ArrayList<>();
    for (Member old : before.membersOf(meshId)) {
      if (after.member(meshId, old.clusterName()).isEmpty()) {
        tombstones.add(old.clusterName());
      }
    }
    List<MeshState> meshRecords = new ArrayList<>();
    List<DomainEvent> events = new ArrayList<>();
    Optional<MeshState> record = MeshRecords.next(next, meshId);
    if (record.isPresent()) {
      MeshState r = record.get();
      if (MeshRecords.networksChanged(next.meshRecord(meshId), r)) {
        events.add(new MeshNetworksChanged(meshId, r.revision(), r.meshNetworks()));
      }
      next = next.withMeshRecord(r);
      meshRecords.add(r);
    }
    return new Changes(next, desired, tombstones, meshRecords, events);
  }
}
