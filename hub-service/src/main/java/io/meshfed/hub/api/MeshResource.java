package io.meshfed.hub.api;

import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.hub.HubConfig;
import io.meshfed.hub.HubState;
import io.meshfed.hub.request.Rejection;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The REST door of the membership API. Writes go through the request topic like any other request
 * and answer once the outcome is on the log, carrying the caller's own token, which the request
 * processor checks again as it checks every request; reads answer from the registry. Every call
 * needs a bearer JWT whose groups allow it on the mesh ({@link io.meshfed.hub.auth.MeshAccess}):
 * {@code viewer} or {@code viewer:<mesh>} reads, {@code mesh-admin} or {@code mesh-admin:<mesh>}
 * reads and writes. The mesh list shows the meshes the caller may read.
 */
@Path("/api/v1/meshes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "meshes", description = "Declare meshes, join and leave clusters, see where they stand")
public class MeshResource {

  private final RequestGateway gateway;
  private final HubState state;
  private final HubConfig config;
  private final Caller caller;

  @Inject
  public MeshResource(RequestGateway gateway, HubState state, HubConfig config, Caller caller) {
    this.gateway = gateway;
    this.state = state;
    this.config = config;
    this.caller = caller;
  }

  @PUT
  @Path("/{meshId}")
  @Authenticated
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Declare a mesh or change its defaults",
      description =
          "Changing istioVersion or a default rewrites the desired record of every member.")
  @APIResponse(
      responseCode = "202",
      description = "Accepted; generation is the new mesh revision",
      content = @Content(schema = @Schema(implementation = AcceptedResponse.class)))
  @APIResponse(
      responseCode = "400",
      description = "Invalid request",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "403",
      description =
          "The token's groups allow no change of this mesh (mesh-admin or mesh-admin:<mesh>)",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "413",
      description = "The body is over meshfed.hub.max-request-bytes (64 KiB by default)",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "503",
      description = "The hub is rebuilding or Kafka is unavailable",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "504",
      description = "On the log but not decided in time",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  public Response declareMesh(
      @Parameter(description = "The mesh, a DNS-1123 label", example = "mdemo-mesh")
          @PathParam("meshId")
          String meshId,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = MeshSpec.class)))
          InputStream body) {
    caller.mayWrite(meshId);
    try {
      MeshSpec spec = StrictBody.read(body, config.maxRequestBytes(), MeshSpec.class);
      return gateway.submit(
          new DeclareMesh(
              meshId,
              spec.istioVersion(),
              spec.cni(),
              spec.gatewayPlacement(),
              spec.pinSigningKeysAtFirstContact()),
          caller.actor());
    } catch (StrictBody.Invalid e) {
      return badRequest(e.rejection());
    }
  }

  @PUT
  @Path("/{meshId}/clusters/{cluster}")
  @Authenticated
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Join a cluster to a mesh, or change how a member takes part",
      description = "A join of a cluster that is already a member is an update.")
  @APIResponse(
      responseCode = "202",
      description = "Accepted; generation is the cluster's new desired generation",
      content = @Content(schema = @Schema(implementation = AcceptedResponse.class)))
  @APIResponse(
      responseCode = "400",
      description = "Invalid request, e.g. a missing network or an unknown control plane",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "403",
      description =
          "The token's groups allow no change of this mesh (mesh-admin or mesh-admin:<mesh>)",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "The mesh is not declared",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "409",
      description = "The cluster is in another mesh, or a primary still serves remotes",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "413",
      description = "The body is over meshfed.hub.max-request-bytes (64 KiB by default)",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "503",
      description = "The hub is rebuilding or Kafka is unavailable",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "504",
      description = "On the log but not decided in time",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  public Response joinCluster(
      @Parameter(description = "The mesh", example = "mdemo-mesh") @PathParam("meshId")
          String meshId,
      @Parameter(description = "The cluster, a DNS-1123 label", example = "mdemo-cluster1")
          @PathParam("cluster")
          String cluster,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = ClusterSpec.class)))
          InputStream body) {
    caller.mayWrite(meshId);
    try {
      ClusterSpec spec = StrictBody.read(body, config.maxRequestBytes(), ClusterSpec.class);
      return gateway.submit(
          new JoinCluster(
              meshId,
              cluster,
              spec.role(),
              spec.network(),
              spec.controlPlaneCluster(),
              spec.gatewayPlacement(),
              spec.apiServerUrl(),
              spec.signingPublicKey(),
              spec.apiServerTlsServerName(),
              spec.gatewayAddressPool()),
          caller.actor());
    } catch (StrictBody.Invalid e) {
      return badRequest(e.rejection());
    }
  }

  @DELETE
  @Path("/{meshId}/clusters/{cluster}")
  @Authenticated
  @Operation(
      summary = "Let a cluster leave its mesh",
      description = "Its agent removes what it created; its peers drop its remote secret.")
  @APIResponse(
      responseCode = "202",
      description = "Accepted",
      content = @Content(schema = @Schema(implementation = AcceptedResponse.class)))
  @APIResponse(
      responseCode = "403",
      description =
          "The token's groups allow no change of this mesh (mesh-admin or mesh-admin:<mesh>)",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "The mesh is not declared or the cluster is not a member",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "409",
      description = "The cluster is a primary still serving remotes",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "413",
      description =
          "The call takes no body, and one was sent with a Content-Length over"
              + " meshfed.hub.max-request-bytes (64 KiB by default)",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "503",
      description = "The hub is rebuilding or Kafka is unavailable",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  public Response leaveCluster(
      @PathParam("meshId") String meshId, @PathParam("cluster") String cluster) {
    caller.mayWrite(meshId);
    return gateway.submit(new LeaveCluster(meshId, cluster), caller.actor());
  }

  @GET
  @Authenticated
  @Operation(
      summary = "Every mesh the caller may read, with its members and where they stand",
      description =
          "A caller with viewer or mesh-admin sees every mesh; one with viewer:<mesh> or"
              + " mesh-admin:<mesh> groups only those meshes; one with no role of the API gets 403.")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = MeshList.class)))
  public MeshList meshes() {
    caller.holdsAnyRole();
    return MeshViews.all(state.current(), caller::reads);
  }

  @GET
  @Path("/{meshId}")
  @Authenticated
  @Operation(summary = "One mesh: members, phases, generations, meshNetworks, convergence")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = MeshView.class)))
  @APIResponse(
      responseCode = "403",
      description = "The token's groups allow no reading of this mesh",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "The mesh is not declared",
      content = @Content(schema = @Schema(implementation = ProblemResponse.class)))
  public Response mesh(@PathParam("meshId") String meshId) {
    caller.mayRead(meshId);
    return MeshViews.one(state.current(), meshId)
        .map(v -> Response.ok(v).build())
        .orElseGet(
            () ->
                RequestGateway.problem(
                    404,
                    new ProblemResponse(
                        "MeshNotFound",
                        "meshId",
                        "mesh '"
                            + meshId
                            + "' is not declared; declare it with PUT /api/v1/meshes/"
                            + meshId)));
  }

  private static Response badRequest(Rejection r) {
    if (r.httpStatus() == 413) {
      return BodyLimit.tooLarge(r);
    }
    return RequestGateway.problem(r.httpStatus(), ProblemResponse.of(r));
  }
}
