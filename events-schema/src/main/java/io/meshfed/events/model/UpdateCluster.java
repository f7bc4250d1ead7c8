package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A member changes how it takes part in its mesh. Same fields as {@link JoinCluster}, and like a
 * join it states the member's settings whole: an absent {@code apiServerUrl} or {@code
 * apiServerTlsServerName} removes the one set before. Only a {@code signingPublicKey} is kept when
 * absent: one registers a new signing key (rotation), none keeps the registered key.
 */
public record UpdateCluster(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String clusterName,
    @JsonProperty(required = true) Role role,
    String network,
    String controlPlaneCluster,
    GatewayPlacement gatewayPlacement,
    String apiServerUrl,
    String signingPublicKey,
    String apiServerTlsServerName,
    List<String> gatewayAddressPool)
    implements MembershipRequest, ClusterRequest {

  public UpdateCluster {
    gatewayAddressPool = gatewayAddressPool == null ? null : List.copyOf(gatewayAddressPool);
  }

  /** A request without a gateway address pool (the form before it was added). */
  public UpdateCluster(
      String meshId,
      String clusterName,
      Role role,
      String network,
      String controlPlaneCluster,
      GatewayPlacement gatewayPlacement,
      String apiServerUrl,
      String signingPublicKey,
      String apiServerTlsServerName) {
    this(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        gatewayPlacement,
        apiServerUrl,
        signingPublicKey,
        apiServerTlsServerName,
        null);
  }

  /** A request without an API-server TLS name (the form before it was added). */
  public UpdateCluster(
      String meshId,
      String clusterName,
      Role role,
      String network,
      String controlPlaneCluster,
      GatewayPlacement gatewayPlacement,
      String apiServerUrl,
      String signingPublicKey) {
    this(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        gatewayPlacement,
        apiServerUrl,
        signingPublicKey,
        null);
  }

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
