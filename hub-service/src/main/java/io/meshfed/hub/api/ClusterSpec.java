package io.meshfed.hub.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.Role;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /api/v1/meshes/{meshId}/clusters/{cluster}}. */
@Schema(name = "ClusterSpec", description = "How a cluster takes part in its mesh.")
public record ClusterSpec(
    @Schema(
            required = true,
            enumeration = {"PRIMARY", "REMOTE"})
        @JsonProperty(required = true)
        Role role,
    @Schema(
            description = "The cluster's network; required once the mesh spans networks",
            example = "network-c1")
        String network,
    @Schema(description = "For a REMOTE: the primary of the same mesh that serves it")
        String controlPlaneCluster,
    @Schema(description = "East-west gateway placement; the mesh default when absent")
        GatewayPlacement gatewayPlacement,
    @Schema(
            description = "API-server URL peers use; what the agent reports when absent",
            example = "https://10.64.30.130:6443")
        String apiServerUrl,
    @Schema(
            description =
                "The agent's Ed25519 signing key, base64 of its X.509 SubjectPublicKeyInfo: the hub"
                    + " accepts only status records it signed. Absent on an update: the registered"
                    + " key stays",
            example = "MCowBQYDK2VwAyEAihVllnu0vcu0Itja+u0QPMc/2EGdHgUh7edJmY9sXIY=")
        String signingPublicKey,
    @Schema(
            description =
                "The name peers verify the API server's certificate for (tls-server-name in the"
                    + " kubeconfig of the cluster's remote secret), when the host of apiServerUrl"
                    + " (or of the URL the agent reports) is not in the certificate, e.g. a"
                    + " Submariner export: a DNS name (RFC 1123 subdomain) the certificate carries."
                    + " Allowed without apiServerUrl. Absent on an update: removed, like"
                    + " apiServerUrl",
            example = "kubernetes.default.svc",
            maxLength = 253)
        String apiServerTlsServerName,
    @Schema(
            description =
                "The addresses the cluster's east-west gateway may have: IP addresses, CIDR blocks,"
                    + " DNS names, or '*.' and a DNS suffix. When set, a status reporting a gateway"
                    + " address outside it is refused and never reaches a peer's meshNetworks."
                    + " Absent: any address; absent on an update: removed",
            example = "[\"10.64.30.0/24\"]",
            maxItems = 32)
        java.util.List<String> gatewayAddressPool) {}
