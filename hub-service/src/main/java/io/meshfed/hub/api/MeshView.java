package io.meshfed.hub.api;

import io.meshfed.events.model.NetworkSpec;
import java.util.List;
import java.util.SortedMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A mesh, its members and where they stand. */
@Schema(name = "Mesh")
public record MeshView(
    String meshId,
    String istioVersion,
    @Schema(description = "Revision of the mesh record on meshfed.meshes.v2") long revision,
    @Schema(
            description =
                "Every member Ready at its latest generation and at this revision (true with no"
                    + " members)")
        boolean converged,
    List<ClusterView> clusters,
    @Schema(description = "values.global.meshNetworks by network")
        SortedMap<String, NetworkSpec> meshNetworks) {}
