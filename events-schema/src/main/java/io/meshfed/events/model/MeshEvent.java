package io.meshfed.events.model;

/** Every record that travels on a meshfed topic. */
public sealed interface MeshEvent
    permits MembershipRequest,
        DomainEvent,
        DesiredMembership,
        MeshState,
        MeshRecord,
        SharedCredential,
        ClusterStatus {

  /** The mesh the event belongs to. */
  String meshId();
}
