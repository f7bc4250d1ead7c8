package io.meshfed.events.model;

import java.util.Optional;

/** The fields shared by a join and an update: how one cluster takes part in its mesh. */
public interface ClusterRequest {
  String meshId();

  String clusterName();

  Role role();

  String network();

  String controlPlaneCluster();

  GatewayPlacement gatewayPlacement();

  String apiServerUrl();

  /** The cluster agent's Ed25519 signing key (base64 X.509 SPKI) to register, or null. */
  String signingPublicKey();

  default Optional<String> controlPlane() {
    return Optional.ofNullable(controlPlaneCluster());
  }
}
