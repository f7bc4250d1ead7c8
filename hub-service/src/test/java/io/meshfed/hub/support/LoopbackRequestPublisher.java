package io.meshfed.hub.support;

import io.meshfed.events.model.MembershipRequest;
import io.meshfed.hub.messaging.RequestPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

/** Delivers a REST request to the request channel as the broker would: one path for both doors. */
@Alternative
@ApplicationScoped
public class LoopbackRequestPublisher implements RequestPublisher {

  @Inject
  @Connector("smallrye-in-memory")
  InMemoryConnector connector;

  @Override
  public Uni<Void> publish(String requestId, MembershipRequest request, String bearerToken) {
    connector
        .source("requests")
        .send(
            Records.request(
                request.meshId(), request, requestId, Instant.now(), Records.bearer(bearerToken)));
    return Uni.createFrom().voidItem();
  }
}
