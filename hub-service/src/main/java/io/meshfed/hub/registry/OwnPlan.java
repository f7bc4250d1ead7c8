package io.meshfed.hub.registry;

/**
 * What the hub planned for one member alone, carried in its desired record: whether it serves
 * remotes. (A primary's remote-secret peers are not planned per member any more: they are the
 * senders of the credential records of its mesh, so that a join or leave rewrites no other member's
 * desired record.) The registry keeps the plan last written for each member, so that a change of it
 * is found (and costs the member a new generation) without planning the registry before the change
 * again.
 *
 * @param externalIstiod for a primary, whether it serves remotes; false for a remote; null when the
 *     member's desired record was written before the plan was in it
 */
public record OwnPlan(Boolean externalIstiod) {

  private static final OwnPlan NONE = new OwnPlan(null);

  /** No plan yet: a member not planned so far, or read from a record that has none. */
  public static OwnPlan none() {
    return NONE;
  }
}
