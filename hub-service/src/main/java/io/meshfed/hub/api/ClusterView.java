package io.meshfed.hub.api;

import io.meshfed.events.model.Condition;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One member of a mesh as the hub sees it. */
@Schema(name = "Cluster")
public record ClusterView(
    String name,
    Role role,
    String network,
    String controlPlaneCluster,
    @Schema(description = "Pending until the agent reports; Unreachable when heartbeats stopped")
        Phase phase,
    List<Condition> conditions,
    @Schema(description = "First east-west address (IP or hostname), or null")
        String eastWestAddress,
    List<GatewayAddress> eastWestAddresses,
    @Schema(description = "The cluster's latest desired generation") long generation,
    @Schema(description = "The desired generation the agent applied, null before it reports")
        Long observedGeneration,
    @Schema(description = "The mesh revision the agent applied, null before it reports")
        Long observedMeshRevision,
    @Schema(description = "When the hub last received the cluster's status") Instant lastSeen,
    @Schema(description = "For a remote: its primary's east-west address") String discoveryAddress,
    @Schema(
            description =
                "Clusters whose remote secret this member holds: for a primary every other member"
                    + " of the mesh, for a remote none")
        List<String> remoteSecretPeers) {}
