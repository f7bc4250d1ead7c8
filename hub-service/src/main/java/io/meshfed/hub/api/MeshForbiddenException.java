package io.meshfed.hub.api;

import io.meshfed.hub.auth.MeshAccess;
import io.meshfed.hub.auth.MeshAccess.Right;

/** The caller's groups do not allow the call on this mesh: answered 403, naming the mesh. */
public class MeshForbiddenException extends RuntimeException {

  private final String meshId;

  public MeshForbiddenException(String meshId, Right right) {
    super("the token's groups do not allow this call: " + MeshAccess.needed(meshId, right));
    this.meshId = meshId;
  }

  public String meshId() {
    return meshId;
  }
}
