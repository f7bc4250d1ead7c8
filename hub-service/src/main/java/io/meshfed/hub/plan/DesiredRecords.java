package io.meshfed.hub.plan;

import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MemberTrust;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.hub.registry.OwnPlan;

/**
 * Builds a member's desired record from its membership, its own plan and its mesh's settings. Pure.
 */
public final class DesiredRecords {

  private DesiredRecords() {}

  /**
   * The desired record of a member: the mesh's Istio version and CNI settings, the member's own
   * gateway placement or the mesh default, its API-server URL override and TLS name, its registered
   * signing key and its issued intermediate, and its own plan (whether it serves remotes).
   */
  public static DesiredMembership of(MeshSettings mesh, Member member, long epoch) {
    GatewayPlacement placement =
        member.gatewayPlacement() != null ? member.gatewayPlacement() : mesh.gatewayPlacement();
    return new DesiredMembership(
        member.meshId(),
        member.clusterName(),
        member.role(),
        member.network(),
        member.controlPlaneCluster(),
        mesh.istioVersion(),
        mesh.cni(),
        placement,
        member.apiServerUrl(),
        member.generation(),
        epoch,
        member.trust().signingPublicKey(),
        member.trust().intermediateCertificate(),
        member.trust().rootCertificate(),
        member.apiServerTlsServerName(),
        member.plan().externalIstiod(),
        member.gatewayAddressPool());
  }

  /** Whether two desired records ask for the same thing, whatever their generation and epoch. */
  public static boolean sameSpec(DesiredMembership a, DesiredMembership b) {
    return unversioned(a).equals(unversioned(b));
  }

  /**
   * The member a desired record on the log stands for, with the plan written in it. A placement
   * equal to the mesh default is read as following the default, which is also how a request's
   * placement is stored.
   */
  public static Member toMember(DesiredMembership desired, MeshSettings mesh) {
    return new Member(
        desired.meshId(),
        desired.clusterName(),
        desired.role(),
        desired.network(),
        desired.controlPlaneCluster(),
        placementOverride(desired.gatewayPlacement(), mesh),
        desired.apiServerUrl(),
        desired.apiServerTlsServerName(),
        desired.generation(),
        new MemberTrust(
            desired.signingPublicKey(),
            desired.intermediateCertificate(),
            desired.rootCertificate()),
        new OwnPlan(desired.externalIstiod()),
        desired.gatewayAddressPool());
  }

  /** A requested placement as stored: null when absent or equal to the mesh default. */
  public static GatewayPlacement placementOverride(GatewayPlacement requested, MeshSettings mesh) {
    return requested == null || requested.equals(mesh.gatewayPlacement()) ? null : requested;
  }

  private static DesiredMembership unversioned(DesiredMembership d) {
    return new DesiredMembership(
        d.meshId(),
        d.clusterName(),
        d.role(),
        d.network(),
        d.controlPlaneCluster(),
        d.istioVersion(),
        d.cni(),
        d.gatewayPlacement(),
        d.apiServerUrl(),
        0,
        0,
        d.signingPublicKey(),
        d.intermediateCertificate(),
        d.rootCertificate(),
        d.apiServerTlsServerName(),
        d.externalIstiod(),
        d.gatewayAddressPool());
  }
}
