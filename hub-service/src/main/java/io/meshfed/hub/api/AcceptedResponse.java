package io.meshfed.hub.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to an accepted write. */
@Schema(name = "Accepted", description = "The request is on the log with this generation.")
public record AcceptedResponse(
    @Schema(description = "The request id (CloudEvent id on meshfed.requests.v1)") String requestId,
    String meshId,
    @Schema(description = "Absent for a mesh declaration") String clusterName,
    @Schema(
            description =
                "The cluster's new desired generation; for a mesh declaration, the mesh revision")
        long generation) {}
