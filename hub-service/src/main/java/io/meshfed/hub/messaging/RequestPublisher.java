package io.meshfed.hub.messaging;

import io.meshfed.events.model.MembershipRequest;
import io.smallrye.mutiny.Uni;

/** Puts a membership request on {@code meshfed.requests.v1}, the one path every request takes. */
public interface RequestPublisher {

  /**
   * Completes once the broker acknowledged the request record.
   *
   * @param actor the REST caller the hub authorized: the record names it ({@code meshfed_actor})
   *     and carries the hub's signature over it ({@link
   *     io.meshfed.security.sign.RequestSignatures}), by which the request processor knows the hub
   *     wrote it; no credential goes on the topic
   */
  Uni<Void> publish(String requestId, MembershipRequest request, String actor);
}
