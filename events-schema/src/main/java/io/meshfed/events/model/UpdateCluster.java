package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A member changes how it takes part in its mesh. Same fields as {@link JoinCluster}. */
public record UpdateCluster(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String clusterName,
    @JsonProperty(required = true) Role role,
    String network,
    String controlPlaneCluster,
    GatewayPlacement gatewayPlacement,
    String apiServerUrl)
    implements MembershipRequest, ClusterRequest {}
