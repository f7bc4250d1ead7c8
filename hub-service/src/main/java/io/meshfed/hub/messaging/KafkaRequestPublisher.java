package io.meshfed.hub.messaging;

import io.meshfed.events.EventType;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.HubConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Writes REST requests to the request topic, keyed by mesh id, with the request id as ce_id. */
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
  public Uni<Void> publish(String requestId, MembershipRequest request) {
    return requests.sendMessage(
        Message.of(EventCodec.encode(request))
            .addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(request.meshId())
                    .withHeaders(
                        KafkaEvents.headers(
                            EventType.of(request), config.source(), requestId, Instant.now()))
                    .build()));
  }
}
