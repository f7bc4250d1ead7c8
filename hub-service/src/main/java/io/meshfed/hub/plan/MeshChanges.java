package io.meshfed.hub.plan;

import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.DomainEvent;
import io.meshfed.events.model.MeshNetworksChanged;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.MeshSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The records that take one mesh from one registry to the next, each written only when it differs
 * from the last one written: a new desired record (with the generation increased) for each member
 * whose desired state or own plan changed, a tombstone for each member that left, a new credential
 * record for each sender whose credential record changed, a credential tombstone for each sender
 * that no longer has one, and at most one mesh record. Pure.
 */
public final class MeshChanges {

  private MeshChanges() {}

  public static Changes between(MeshRegistry before, MeshRegistry after, String meshId) {
    MeshSettings mesh = after.mesh(meshId).orElseThrow();
    Optional<MeshSettings> oldMesh = before.mesh(meshId);
    List<Member> members = after.membersOf(meshId);
    MeshPlan plan = MeshPlanner.plan(mesh, members, after.observed(), after.appliedBy());

    List<DesiredMembership> desired = new ArrayList<>();
    List<Member> updated = new ArrayList<>();
    for (Member member : members) {
      Optional<Member> old = before.member(meshId, member.clusterName());
      Member planned = member.withPlan(plan.member(member.clusterName()));
      DesiredMembership wanted = DesiredRecords.of(mesh, planned, after.epoch());
      boolean changed =
          old.isEmpty()
              || oldMesh.isEmpty()
              || !DesiredRecords.sameSpec(
                  DesiredRecords.of(oldMesh.get(), old.get(), before.epoch()), wanted);
      if (changed) {
        planned = planned.withGeneration(old.map(Member::generation).orElse(0L) + 1);
        desired.add(DesiredRecords.of(mesh, planned, after.epoch()));
      }
      if (!planned.equals(member)) {
        updated.add(planned);
      }
    }
    MeshRegistry next = after.withMembers(updated);
    List<String> tombstones = new ArrayList<>();
    for (Member old : before.membersOf(meshId)) {
      if (after.member(meshId, old.clusterName()).isEmpty()) {
        tombstones.add(old.clusterName());
      }
    }

    List<SharedCredential> credentials = new ArrayList<>();
    for (SharedCredential planned : plan.credentials().values()) {
      MeshRecords.next(next.credential(planned.sender()), planned).ifPresent(credentials::add);
    }
    List<String> credentialTombstones = new ArrayList<>();
    for (SharedCredential last : next.credentialsOf(meshId)) {
      if (plan.credential(last.sender()).isEmpty()) {
        credentialTombstones.add(last.sender());
      }
    }
    next = next.withCredentials(credentials, credentialTombstones);

    List<MeshRecord> meshRecords = new ArrayList<>();
    List<DomainEvent> events = new ArrayList<>();
    Optional<MeshRecord> last = next.meshRecord(meshId);
    Optional<MeshRecord> record =
        MeshRecords.next(last, plan.record(), next.revisionBefore(meshId));
    if (record.isPresent()) {
      MeshRecord r = record.get();
      if (MeshRecords.networksChanged(last, r)) {
        events.add(new MeshNetworksChanged(meshId, r.revision(), r.meshNetworks()));
      }
      next = next.withMeshRecord(r);
      meshRecords.add(r);
    }
    return new Changes(
        next, desired, tombstones, credentials, credentialTombstones, meshRecords, events);
  }
}
