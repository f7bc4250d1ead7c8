package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Declare a mesh or change its defaults.
 *
 * @param meshId the mesh, a DNS-1123 label
 * @param istioVersion the Istio version every member installs, e.g. {@code v1.28.1}
 * @param cni IstioCNI defaults for every member
 * @param gatewayPlacement east-west gateway placement defaults for every member
 */
public record DeclareMesh(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String istioVersion,
    CniSettings cni,
    GatewayPlacement gatewayPlacement)
    implements MembershipRequest {}
