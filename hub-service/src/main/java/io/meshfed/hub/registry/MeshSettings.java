package io.meshfed.hub.registry;

import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.GatewayPlacement;

/**
 * A declared mesh: what every member installs unless it overrides it.
 *
 * @param meshId the mesh
 * @param istioVersion the Istio version of every member
 * @param cni the IstioCNI settings of every member
 * @param gatewayPlacement the default east-west gateway placement
 * @param pinSigningKeysAtFirstContact whether a member that registered no signing key gets the key
 *     of its first status pinned
 */
public record MeshSettings(
    String meshId,
    String istioVersion,
    CniSettings cni,
    GatewayPlacement gatewayPlacement,
    boolean pinSigningKeysAtFirstContact) {

  public MeshSettings {
    cni = cni == null ? new CniSettings(null, null) : cni;
    gatewayPlacement = gatewayPlacement == null ? GatewayPlacement.none() : gatewayPlacement;
  }

  /** A mesh whose members must register their signing key when they join. */
  public MeshSettings(
      String meshId, String istioVersion, CniSettings cni, GatewayPlacement gatewayPlacement) {
    this(meshId, istioVersion, cni, gatewayPlacement, false);
  }
}
