package io.meshfed.hub.messaging;

import io.meshfed.events.EventType;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.HubConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes REST requests to the request topic, keyed by mesh id, with the request id as ce_id and the
 * REST caller's own bearer token in {@link CloudEventHeaders#AUTHORIZATION}.
 */
@ApplicationScoped
public class KafkaRequestPublisher implements RequestPublisher {

  private final MutinyEmitter<byte[]> requests;
  private final HubConfig config;

  @Inject
  public KafkaRequestPublisher(
      @Channel("requests-out") MutinyEmitter<byte[]> requests, HubConfig config) {
    this.requests = requests;
    this.config = config;
  }

  @Override
  public Uni<Void> publish(String requestId, MembershipRequest request, String bearerToken) {
    Headers headers =
        KafkaEvents.headers(EventType.of(request), config.source(), requestId, Instant.now());
    headers.add(
        CloudEventHeaders.AUTHORIZATION,
        ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8));
    return requests.sendMessage(
        Message.of(EventCodec.encode(request))
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(request.meshId())
                    .withHeaders(headers)
                    .build()));
  }
}
