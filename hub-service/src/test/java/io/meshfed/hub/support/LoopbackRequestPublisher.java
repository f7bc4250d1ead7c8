package io.meshfed.hub.support;

import io.meshfed.events.model.MembershipRequest;
import io.meshfed.hub.auth.SignedRequests;
import io.meshfed.hub.messaging.RequestPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

/**
 * Delivers a REST request to the request channel as the broker would, signed by the hub for its
 * caller: one path for both doors.
 */
@Alternative
@ApplicationScoped
public class LoopbackRequestPublisher implements RequestPublisher {

  @Inject
  @Connector("smallrye-in-memory")
  InMemoryConnector connector;

  @Inject SignedRequests signed;

  @Override
  public Uni<Void> publish(String requestId, MembershipRequest request, String actor) {
    ConsumerRecord<String, byte[]> record =
        Records.request(request.meshId(), request, requestId, Instant.now(), null);
    signed.forActor(record.headers(), request.meshId(), actor, record.value());
    connector.source("requests").send(record);
    return Uni.createFrom().voidItem();
  }
}
