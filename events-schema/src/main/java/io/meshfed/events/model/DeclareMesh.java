package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Declare a mesh or change its defaults.
 *
 * @param meshId the mesh, a DNS-1123 label
 * @param istioVersion the Istio version every member installs, e.g. {@code v1.28.1}
 * @param cni IstioCNI defaults for every member
 * @param gatewayPlacement east-west gateway placement defaults for every member
 * @param pinSigningKeysAtFirstContact whether the hub may pin the signing key of a member's first
 *     status when its join registered none (absent: false)
 */
public record DeclareMesh(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String istioVersion,
    CniSettings cni,
    GatewayPlacement gatewayPlacement,
    Boolean pinSigningKeysAtFirstContact)
    implements MembershipRequest {

  /** A declaration without security settings (the form before they were added). */
  public DeclareMesh(
      String meshId, String istioVersion, CniSettings cni, GatewayPlacement gatewayPlacement) {
    this(meshId, istioVersion, cni, gatewayPlacement, null);
  }

  /** Whether the mesh allows pinning signing keys at first contact. */
  public boolean pinsSigningKeysAtFirstContact() {
    return Boolean.TRUE.equals(pinSigningKeysAtFirstContact);
  }
}
