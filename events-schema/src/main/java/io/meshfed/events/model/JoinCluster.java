package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A cluster joins a mesh (or, when it is already a member, changes how it takes part).
 *
 * @param meshId the mesh
 * @param clusterName the cluster, a DNS-1123 label, unique across meshes
 * @param role {@code PRIMARY} or {@code REMOTE}
 * @param network the network the cluster's pods are on; required when the mesh spans networks
 * @param controlPlaneCluster for a remote, the primary of the same mesh that serves it
 * @param gatewayPlacement east-west gateway placement; the mesh's default when absent
 * @param apiServerUrl the API server URL peers use; what the agent reports when absent
 * @param signingPublicKey the cluster agent's Ed25519 signing key, base64 X.509 SPKI; when absent
 *     the hub pins the key of the first status only where the mesh allows that
 * @param apiServerTlsServerName the name peers verify the API server's certificate for, when the
 *     host of the URL they use (the override or the reported one) is not in it: the kubeconfig's
 *     {@code tls-server-name}, e.g. {@code kubernetes.default.svc}; a DNS name (RFC 1123 subdomain)
 * @param gatewayAddressPool the addresses its east-west gateway may have ({@link
 *     GatewayAddressPool}); absent: any address it reports
 */
public record JoinCluster(
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

  public JoinCluster {
    gatewayAddressPool = gatewayAddressPool == null ? null : List.copyOf(gatewayAddressPool);
  }

  /** A request without a gateway address pool (the form before it was added). */
  public JoinCluster(
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
  public JoinCluster(
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
  public JoinCluster(
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
