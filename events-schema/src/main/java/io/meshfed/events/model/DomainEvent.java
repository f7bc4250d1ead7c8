package io.meshfed.events.model;

/** What happened in a mesh, on {@code meshfed.events.v1} (key: mesh id). */
public sealed interface DomainEvent extends MeshEvent
    permits RequestAccepted,
        RequestRejected,
        ClusterJoined,
        ClusterReady,
        ClusterDegraded,
        ClusterUnreachable,
        ClusterLeft,
        MeshNetworksChanged {}
