package io.meshfed.hub.api;

import io.meshfed.hub.request.Rejection;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers a refused call with a JSON problem that says what to do: 401 without a valid bearer
 * token, 403 when the token's groups do not allow the call (naming the mesh, where there is one).
 */
public class AuthProblems {

  private static final String CHALLENGE = "Bearer";

  @ServerExceptionMapper
  public Response noToken(UnauthorizedException e) {
    return unauthorized(
        "Unauthenticated",
        "this call needs a bearer token: send 'Authorization: Bearer <JWT>' with group viewer"
            + " or viewer:<mesh> (read), mesh-admin or mesh-admin:<mesh> (read and write) in its"
            + " groups claim");
  }

  @ServerExceptionMapper
  public Response badToken(AuthenticationFailedException e) {
    return unauthorized(
        "InvalidToken",
        "the bearer token was not accepted: it must be signed by the configured key, come from the"
            + " configured issuer and not be expired");
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return forbidden(
        null,
        "the token's groups hold no role of this API: reading a mesh needs group viewer,"
            + " viewer:<mesh>, mesh-admin or mesh-admin:<mesh>; changing it needs mesh-admin or"
            + " mesh-admin:<mesh>");
  }

  @ServerExceptionMapper
  public Response forbiddenOnMesh(MeshForbiddenException e) {
    return forbidden("meshId", e.getMessage());
  }

  private static Response forbidden(String field, String message) {
    return Response.status(Response.Status.FORBIDDEN)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ProblemResponse(Rejection.FORBIDDEN, field, message))
        .build();
  }

  private static Response unauthorized(String reason, String message) {
    return Response.status(Response.Status.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ProblemResponse(reason, null, message))
        .build();
  }
}
