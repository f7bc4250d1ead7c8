package io.meshfed.hub.messaging;

import io.meshfed.events.EventType;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.HubConfig;
import io.meshfed.hub.auth.SignedRequests;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes REST requests to the request topic, keyed by mesh id, with the request id as ce_id, the
 * REST caller in {@link CloudEventHeaders#ACTOR} and the hub's signature over them ({@link
 * SignedRequests}).
 */
@ApplicationScoped
public class KafkaRequestPublisher implements RequestPublisher {

  private final MutinyEmitter<byte[]> requests;
  private final HubConfig config;
  private final SignedRequests signed;

  @Inject
  public KafkaRequestPublisher(
      @Channel("requests-out") MutinyEmitter<byte[]> requests,
      HubConfig config,
      SignedRequests signed) {
    this.requests = requests;
    this.config = config;
    this.signed = signed;
  }

  @Override
  public Uni<Void> publish(String requestId, MembershipRequest request, String actor) {
    byte[] value = EventCodec.encode(request);
    Headers headers =
        signed.forActor(
            KafkaEvents.headers(EventType.of(request), config.source(), requestId, Instant.now()),
            request.meshId(),
            actor,
            value);
    return requests.sendMessage(
        Message.of(value)
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(request.meshId())
                    .withHeaders(headers)
                    .build()));
  }
}
