package io.meshfed.hub.messaging;

import io.meshfed.events.model.MembershipRequest;
import io.smallrye.mutiny.Uni;

/** Puts a membership request on {@code meshfed.requests.v1}, the one path every request takes. */
public interface RequestPublisher {

  /**
   * Completes once the broker acknowledged the request record.
   *
   * @param bearerToken the caller's JWT, sent as {@code Bearer <JWT>} in the record's {@code
   *     meshfed_authorization} header, by which the request processor decides whether it may change
   *     the mesh
   */
  Uni<Void> publish(String requestId, MembershipRequest request, String bearerToken);
}
