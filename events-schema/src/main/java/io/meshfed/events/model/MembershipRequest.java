package io.meshfed.events.model;

/**
 * A request from a platform team on {@code meshfed.requests.v1} (key: mesh id). The request id is
 * the CloudEvent {@code id}; the outcome is published on {@code meshfed.events.v1}.
 */
public sealed interface MembershipRequest extends MeshEvent
    permits DeclareMesh, JoinCluster, UpdateCluster, LeaveCluster {}
