package io.meshfed.hub.auth;

import java.util.Set;

/**
 * Who may read and change which mesh, from the groups claim of a bearer token; the one rule of the
 * REST API and of the request topic. {@code mesh-admin} reads and changes every mesh, {@code
 * mesh-admin:<mesh>} reads and changes that mesh only; {@code viewer} reads every mesh, {@code
 * viewer:<mesh>} reads that mesh only. Group names are matched exactly. Pure.
 */
public final class MeshAccess {

  /** May read every mesh; {@code viewer:<mesh>} reads one mesh. */
  public static final String VIEWER = "viewer";

  /** May read and change every mesh; {@code mesh-admin:<mesh>} reads and changes one mesh. */
  public static final String MESH_ADMIN = "mesh-admin";

  private static final String SCOPE = ":";

  /** What a call does to a mesh. */
  public enum Right {
    READ,
    WRITE
  }

  private MeshAccess() {}

  /** Whether the groups allow the right on the mesh. */
  public static boolean allows(Set<String> groups, String meshId, Right right) {
    if (groups == null) {
      return false;
    }
    if (groups.contains(MESH_ADMIN) || groups.contains(scoped(MESH_ADMIN, meshId))) {
      return true;
    }
    return right == Right.READ
        && (groups.contains(VIEWER) || groups.contains(scoped(VIEWER, meshId)));
  }

  public static boolean mayRead(Set<String> groups, String meshId) {
    return allows(groups, meshId, Right.READ);
  }

  public static boolean mayWrite(Set<String> groups, String meshId) {
    return allows(groups, meshId, Right.WRITE);
  }

  /** Whether the groups hold a role of the API at all, for every mesh or for one. */
  public static boolean holdsAnyRole(Set<String> groups) {
    if (groups == null) {
      return false;
    }
    return groups.stream()
        .anyMatch(
            g ->
                g.equals(VIEWER)
                    || g.equals(MESH_ADMIN)
                    || isScoped(g, VIEWER)
                    || isScoped(g, MESH_ADMIN));
  }

  /** The group that grants the right on one mesh, e.g. {@code mesh-admin:team-a}. */
  public static String scoped(String role, String meshId) {
    return role + SCOPE + meshId;
  }

  /** What the caller lacks, for a person: the groups that would allow the right on the mesh. */
  public static String needed(String meshId, Right right) {
    String admin = MESH_ADMIN + " or " + scoped(MESH_ADMIN, meshId);
    return right == Right.WRITE
        ? "changing mesh '" + meshId + "' needs group " + admin
        : "reading mesh '"
            + meshId
            + "' needs group "
            + VIEWER
            + ", "
            + scoped(VIEWER, meshId)
            + ", "
            + admin;
  }

  private static boolean isScoped(String group, String role) {
    return group.length() > role.length() + SCOPE.length() && group.startsWith(role + SCOPE);
  }
}
