package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The desired membership of one cluster, on the compacted {@code meshfed.desired.v1} (key: cluster
 * name; a tombstone means leave the mesh), with what the hub planned for it alone: whether it
 * serves remotes. Mesh-wide data ({@code meshNetworks}, the primaries) is on {@code
 * meshfed.meshes.v2}; every member's shared credential on {@code meshfed.credentials.v1}, where a
 * primary finds the peers whose remote secrets it holds (every sender of its mesh but itself), so
 * that a member joining or leaving rewrites no other member's desired record.
 *
 * @param generation per-cluster, increased by every accepted change; agents ignore older ones
 * @param epoch the hub incarnation that wrote the record
 * @param signingPublicKey the Ed25519 key registered (or pinned) for this cluster, base64 X.509
 *     SPKI: the hub accepts only status records it signed
 * @param intermediateCertificate the PEM intermediate CA certificate the hub issued for the
 *     cluster's latest CSR
 * @param rootCertificate the PEM root certificate of the mesh ({@code root-cert.pem})
 * @param apiServerTlsServerName the request's name for verifying the cluster's API server
 *     certificate, if any: the agent writes it as {@code tls-server-name} into the kubeconfig it
 *     shares with its peers
 * @param externalIstiod whether the cluster is a primary that serves remotes; the hub writes it for
 *     every member, true or false, so that a record that has it carries the member's plan. Absent
 *     in records written before it was added
 * @param gatewayAddressPool the addresses the member's east-west gateway may have, as its join
 *     declared them ({@link GatewayAddressPool}): the hub's durable record of it; agents ignore it
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
    @JsonProperty(required = true) long epoch,
    String signingPublicKey,
    String intermediateCertificate,
    String rootCertificate,
    String apiServerTlsServerName,
    Boolean externalIstiod,
    List<String> gatewayAddressPool)
    implements MeshEvent {

  public DesiredMembership {
    gatewayAddressPool = gatewayAddressPool == null ? null : List.copyOf(gatewayAddressPool);
  }

  /** A desired record without a gateway address pool (the form before it was added). */
  public DesiredMembership(
      String meshId,
      String clusterName,
      Role role,
      String network,
      String controlPlaneCluster,
      String istioVersion,
      CniSettings cni,
      GatewayPlacement gatewayPlacement,
      String apiServerUrl,
      long generation,
      long epoch,
      String signingPublicKey,
      String intermediateCertificate,
      String rootCertificate,
      String apiServerTlsServerName,
      Boolean externalIstiod) {
    this(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        istioVersion,
        cni,
        gatewayPlacement,
        apiServerUrl,
        generation,
        epoch,
        signingPublicKey,
        intermediateCertificate,
        rootCertificate,
        apiServerTlsServerName,
        externalIstiod,
        null);
  }

  /** A desired record without the member's plan (the form before it was added). */
  public DesiredMembership(
      String meshId,
      String clusterName,
      Role role,
      String network,
      String controlPlaneCluster,
      String istioVersion,
      CniSettings cni,
      GatewayPlacement gatewayPlacement,
      String apiServerUrl,
      long generation,
      long epoch,
      String signingPublicKey,
      String intermediateCertificate,
      String rootCertificate,
      String apiServerTlsServerName) {
    this(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        istioVersion,
        cni,
        gatewayPlacement,
        apiServerUrl,
        generation,
        epoch,
        signingPublicKey,
        intermediateCertificate,
        rootCertificate,
        apiServerTlsServerName,
        null);
  }

  /** A desired record without an API-server TLS name (the form before it was added). */
  public DesiredMembership(
      String meshId,
      String clusterName,
      Role role,
      String network,
      String controlPlaneCluster,
      String istioVersion,
      CniSettings cni,
      GatewayPlacement gatewayPlacement,
      String apiServerUrl,
      long generation,
      long epoch,
      String signingPublicKey,
      String intermediateCertificate,
      String rootCertificate) {
    this(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        istioVersion,
        cni,
        gatewayPlacement,
        apiServerUrl,
        generation,
        epoch,
        signingPublicKey,
        intermediateCertificate,
        rootCertificate,
        null);
  }

  /** A desired record without security fields (the form before they were added). */
  public DesiredMembership(
      String meshId,
      String clusterName,
      Role role,
      String network,
      String controlPlaneCluster,
      String istioVersion,
      CniSettings cni,
      GatewayPlacement gatewayPlacement,
      String apiServerUrl,
      long generation,
      long epoch) {
    this(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        istioVersion,
        cni,
        gatewayPlacement,
        apiServerUrl,
        generation,
        epoch,
        null,
        null,
        null,
        null);
  }
}
