package io.meshfed.hub.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.GatewayPlacement;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /api/v1/meshes/{meshId}}. */
@Schema(name = "MeshSpec", description = "A mesh's Istio version and the defaults of its members.")
public record MeshSpec(
    @Schema(
            required = true,
            description = "Istio version every member installs",
            example = "v1.28.1")
        @JsonProperty(required = true)
        String istioVersion,
    @Schema(description = "IstioCNI settings of every member") CniSettings cni,
    @Schema(description = "Default east-west gateway placement (node selector, tolerations)")
        GatewayPlacement gatewayPlacement,
    @Schema(
            description =
                "Whether a member that registered no signing key gets the key of its first status"
                    + " pinned (trust on first use); default false")
        Boolean pinSigningKeysAtFirstContact) {}
