package io.meshfed.hub.registry;

import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.Role;
import java.util.List;

/**
 * A cluster's membership as the hub accepted it.
 *
 * @param meshId the mesh it belongs to
 * @param clusterName the cluster
 * @param role primary or remote
 * @param network its network, null when the mesh is on one flat network
 * @param controlPlaneCluster for a remote, the primary serving it
 * @param gatewayPlacement its own gateway placement, null to follow the mesh default
 * @param apiServerUrl the API-server URL override, null to use what its agent reports
 * @param apiServerTlsServerName the name peers verify its API server's certificate for ({@code
 *     tls-server-name}), null to verify the URL's host
 * @param generation the generation of its desired record
 * @param trust its registered signing key and the intermediate CA issued for it
 * @param plan its own plan as last written in its desired record (whether it serves remotes)
 * @param gatewayAddressPool the addresses its east-west gateway may have, as declared at join; null
 *     for any ({@link io.meshfed.events.model.GatewayAddressPool})
 */
public record Member(
    String meshId,
    String clusterName,
    Role role,
    String network,
    String controlPlaneCluster,
    GatewayPlacement gatewayPlacement,
    String apiServerUrl,
    String apiServerTlsServerName,
    long generation,
    MemberTrust trust,
    OwnPlan plan,
    List<String> gatewayAddressPool) {

  public Member {
    gatewayAddressPool =
        gatewayAddressPool == null || gatewayAddressPool.isEmpty()
            ? null
            : List.copyOf(gatewayAddressPool);
    network = blankToNull(network);
    controlPlaneCluster = blankToNull(controlPlaneCluster);
    apiServerUrl = blankToNull(apiServerUrl);
    apiServerTlsServerName = blankToNull(apiServerTlsServerName);
    trust = trust == null ? MemberTrust.none() : trust;
    plan = plan == null ? OwnPlan.none() : plan;
  }

  /** A member without a gateway address pool. */
  public Member(
      String meshId,
      String clusterName,
      Role role,
      String network,
      String controlPlaneCluster,
      GatewayPlacement gatewayPlacement,
      String apiServerUrl,
      String apiServerTlsServerName,
      long generation,
      MemberTrust trust,
      OwnPlan plan) {
    this(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        gatewayPlacement,
        apiServerUrl,
        apiServerTlsServerName,
        generation,
        trust,
        plan,
        null);
  }

  /** A member not planned yet. */
  public Member(
      String meshId,
      String clusterName,
      Role role,
      String network,
      String controlPlaneCluster,
      GatewayPlacement gatewayPlacement,
      String apiServerUrl,
      String apiServerTlsServerName,
      long generation,
      MemberTrust trust) {
    this(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        gatewayPlacement,
        apiServerUrl,
        apiServerTlsServerName,
        generation,
        trust,
        OwnPlan.none());
  }

  /** A member without an API-server TLS name. */
  public Member(
      String meshId,
      String clusterName,
      Role role,
      String network,
      String controlPlaneCluster,
      GatewayPlacement gatewayPlacement,
      String apiServerUrl,
      long generation,
      MemberTrust trust) {
    this(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        gatewayPlacement,
        apiServerUrl,
        null,
        generation,
        trust);
  }

  /** A member without a registered key or an issued intermediate yet. */
  public Member(
      String meshId,
      String clusterName,
      Role role,
      String network,
      String controlPlaneCluster,
      GatewayPlacement gatewayPlacement,
      String apiServerUrl,
      long generation) {
    this(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        gatewayPlacement,
        apiServerUrl,
        null,
        generation,
        MemberTrust.none());
  }

  public boolean isPrimary() {
    return role == Role.PRIMARY;
  }

  public boolean isRemote() {
    return role == Role.REMOTE;
  }

  /** The network name, {@code ""} when the member has none. */
  public String networkOrEmpty() {
    return network == null ? "" : network;
  }

  public Member withGeneration(long next) {
    return new Member(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        gatewayPlacement,
        apiServerUrl,
        apiServerTlsServerName,
        next,
        trust,
        plan,
        gatewayAddressPool);
  }

  public Member withTrust(MemberTrust next) {
    return new Member(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        gatewayPlacement,
        apiServerUrl,
        apiServerTlsServerName,
        generation,
        next,
        plan,
        gatewayAddressPool);
  }

  /** This member with its own plan as written in its desired record. */
  public Member withPlan(OwnPlan next) {
    return new Member(
        meshId,
        clusterName,
        role,
        network,
        controlPlaneCluster,
        gatewayPlacement,
        apiServerUrl,
        apiServerTlsServerName,
        generation,
        trust,
        next,
        gatewayAddressPool);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
