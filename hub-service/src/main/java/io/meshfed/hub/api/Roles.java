package io.meshfed.hub.api;

/** The roles of the REST API, from the bearer token's {@code groups} claim. */
public final class Roles {

  /** May read meshes and members. */
  public static final String VIEWER = "viewer";

  /** May read, declare meshes, and join, update and remove clusters. */
  public static final String MESH_ADMIN = "mesh-admin";

  private Roles() {}
}
