package io.meshfed.hub.model;

import java.util.List;

/**
 * What the hub planned for one member alone, carried in its desired record: the peers whose remote
 * secret it holds and whether it serves remotes. The registry keeps the plan last written for each
 * member, so that a change of it is found (and costs the member a new generation) without planning
 * the registry before the change again.
 *
 * @param remoteSecretPeers for a primary, every other member of the mesh, sorted; empty for a
 *     remote
 * @param externalIstiod for a primary, whether it serves remotes; false for a remote; null when the
 *     member's desired record was written before the plan was in it
 */
public record OwnPlan(List<String> remoteSecretPeers, Boolean externalIstiod) {

  private static final OwnPlan NONE = new OwnPlan(List.of(), null);

  public OwnPlan {
    remoteSecretPeers = remoteSecretPeers == null ? List.of() : List.copyOf(remoteSecretPeers);
  }

  /** No plan yet: a member not planned so far, or read from a record that has none. */
  public static OwnPlan none() {
    return NONE;
  }
}
