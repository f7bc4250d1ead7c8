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

  /**
   * The name peers verify this cluster's API server certificate for ({@code tls-server-name} of the
   * kubeconfig they are given), or null to verify the host of the API server URL.
   */
  String apiServerTlsServerName();

  default Optional<String> controlPlane() {
    return Optional.ofNullable(controlPlaneCluster());
  }

  /** The addresses its east-west gateway may have; null or empty for any. */
  default java.util.List<String> gatewayAddressPool() {
    return null;
  }
}
