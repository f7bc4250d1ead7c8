package io.meshfed.hub.api;

import io.meshfed.hub.auth.MeshAccess;
import io.meshfed.hub.auth.MeshAccess.Right;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of a REST call: what its token's groups allow ({@link MeshAccess}), and
 * the token itself, which a write carries onto the request topic.
 */
@RequestScoped
public class Caller {

  private final JsonWebToken token;

  @Inject
  public Caller(JsonWebToken token) {
    this.token = token;
  }

  /** Refuses (403) a caller whose groups do not allow changing the mesh. */
  public void mayWrite(String meshId) {
    require(meshId, Right.WRITE);
  }

  /** Refuses (403) a caller whose groups do not allow reading the mesh. */
  public void mayRead(String meshId) {
    require(meshId, Right.READ);
  }

  /** Refuses (403) a caller whose groups hold no role of the API, for any mesh. */
  public void holdsAnyRole() {
    if (!MeshAccess.holdsAnyRole(groups())) {
      throw new ForbiddenException();
    }
  }

  /** Whether the caller may read the mesh. */
  public boolean reads(String meshId) {
    return MeshAccess.mayRead(groups(), meshId);
  }

  /**
   * Who the caller is, as the outcome of its requests names it: its token's {@code upn}, {@code
   * preferred_username} or {@code sub} (a token without any is named {@code unnamed}).
   */
  public String actor() {
    String actor = io.meshfed.hub.auth.Actor.of(token);
    return actor == null || actor.indexOf('\n') >= 0 ? "unnamed" : actor;
  }

  private void require(String meshId, Right right) {
    if (!MeshAccess.allows(groups(), meshId, right)) {
      throw new MeshForbiddenException(meshId, right);
    }
  }

  private Set<String> groups() {
    Set<String> groups = token.getGroups();
    return groups == null ? Set.of() : groups;
  }
}
