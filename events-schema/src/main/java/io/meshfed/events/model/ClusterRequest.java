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

  default Optional<String> controlPlane() {
    return Optional.ofNullable(controlPlaneCluster());
  }
}
