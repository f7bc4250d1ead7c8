package io.meshfed.hub.model;

import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.GatewayPlacement;

/**
 * A declared mesh: what every member installs unless it overrides it.
 *
 * @param meshId the mesh
 * @param istioVersion the Istio version of every member
 * @param cni the IstioCNI settings of every member
 * @param gatewayPlacement the default east-west gateway placement
 */
public record MeshSettings(
    String meshId, String istioVersion, CniSettings cni, GatewayPlacement gatewayPlacement) {

  public MeshSettings {
    cni = cni == null ? new CniSettings(null, null) : cni;
    gatewayPlacement = gatewayPlacement == null ? GatewayPlacement.none() : gatewayPlacement;
  }
}
