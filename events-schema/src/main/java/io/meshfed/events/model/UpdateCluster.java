package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A member changes how it takes part in its mesh. Same fields as {@link JoinCluster}; a {@code
 * signingPublicKey} registers a new signing key (rotation), an absent one keeps the registered key.
 */
public record UpdateCluster(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String clusterName,
    @JsonProperty(required = true) Role role,
    String network,
    String controlPlaneCluster,
    GatewayPlacement gatewayPlacement,
    String apiServerUrl,
    String signingPublicKey)
    implements MembershipRequest, ClusterRequest {

  /** A request without a signing key (the form before it was added). */
  public UpdateCluster(
      String meshId,
      String clusterName,
      Role role,
      String network,
      String controlPlaneCluster,
      GatewayPlacement gatewayPlacement,
      String apiServerUrl) {
    this(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        gatewayPlacement,
        apiServerUrl,
        null);
  }
}
