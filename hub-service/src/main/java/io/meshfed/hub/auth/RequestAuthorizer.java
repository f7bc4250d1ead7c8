package io.meshfed.hub.auth;

import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.hub.model.Rejection;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Decides whether a request record may change its mesh: its {@value
 * CloudEventHeaders#AUTHORIZATION} header must hold {@code Bearer <JWT>}, verified as the REST API
 * verifies its bearer tokens (the same mp.jwt.verify key, issuer and expiry), whose groups allow
 * changing the mesh ({@link MeshAccess}). A refusal never repeats the token.
 */
@ApplicationScoped
public class RequestAuthorizer {

  private static final Logger LOG = Logger.getLogger(RequestAuthorizer.class);
  private static final String BEARER = "bearer ";

  /**
   * The outcome.
   *
   * @param actor who sent the request (see {@link Actor}), null without a valid token
   * @param refusal why the request may not change its mesh, or null when it may
   */
  public record Authorization(String actor, Rejection refusal) {
    public boolean allowed() {
      return refusal == null;
    }
  }

  private final JWTParser parser;

  @Inject
  public RequestAuthorizer(JWTParser parser) {
    this.parser = parser;
  }

  /**
   * @param header the value of the record's {@value CloudEventHeaders#AUTHORIZATION} header, or
   *     null
   * @param meshId the mesh the request changes
   */
  public Authorization authorize(String header, String meshId) {
    if (header == null || header.isBlank()) {
      return unauthenticated(
          "the request has no "
              + CloudEventHeaders.AUTHORIZATION
              + " header: send 'Bearer <JWT>' with "
              + MeshAccess.MESH_ADMIN
              + " or "
              + MeshAccess.scoped(MeshAccess.MESH_ADMIN, meshId)
              + " in its groups claim");
    }
    String value = header.strip();
    if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      return unauthenticated(
          "the " + CloudEventHeaders.AUTHORIZATION + " header must be 'Bearer <JWT>'");
    }
    JsonWebToken token;
    try {
      token = parser.parse(value.substring(BEARER.length()).strip());
    } catch (ParseException | RuntimeException e) {
      LOG.debugf("a request token for mesh %s was not accepted: %s", meshId, e.getClass());
      return unauthenticated(
          "the token in "
              + CloudEventHeaders.AUTHORIZATION
              + " was not accepted: it must be signed by the hub's configured key, come from"
              + " the configured issuer and not be expired when the hub decides the request");
    }
    String actor = Actor.of(token);
    if (!MeshAccess.mayWrite(token.getGroups(), meshId)) {
      return new Authorization(
          actor,
          Rejection.forbidden(
              "the token's groups do not allow this request: "
                  + MeshAccess.needed(meshId, MeshAccess.Right.WRITE)));
    }
    return new Authorization(actor, null);
  }

  private static Authorization unauthenticated(String message) {
    return new Authorization(null, Rejection.unauthenticated(message));
  }
}
