package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The desired membership of one cluster, on the compacted {@code meshfed.desired.v1} (key: cluster
 * name; a tombstone means leave the mesh). Mesh-wide data (meshNetworks, the per-member plan) is on
 * {@code meshfed.meshes.v1}.
 *
 * @param generation per-cluster, increased by every accepted change; agents ignore older ones
 * @param epoch the hub incarnation that wrote the record
 */
public record DesiredMembership(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String clusterName,
    @JsonProperty(required = true) Role role,
    String network,
    String controlPlaneCluster,
    @JsonProperty(required = true) String istioVersion,
    CniSettings cni,
    GatewayPlacement gatewayPlacement,
    String apiServerUrl,
    @JsonProperty(required = true) long generation,
    @JsonProperty(required = true) long epoch)
    implements MeshEvent {}
