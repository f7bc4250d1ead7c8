package io.meshfed.hub.auth;

import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.signing.HubSigningKey;
import io.meshfed.security.sign.RequestSignatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Signs the requests the hub's REST API writes for the callers it authorized: the caller goes in
 * {@link CloudEventHeaders#ACTOR}, and the hub's key signs the request for that actor ({@link
 * RequestSignatures}), so the request processor knows the hub wrote it without any credential on
 * the topic.
 */
@ApplicationScoped
public class SignedRequests {

  private final HubSigningKey key;

  @Inject
  public SignedRequests(HubSigningKey key) {
    this.key = key;
  }

  /**
   * Adds the actor, the signature and the hub's key id to headers that hold the request's {@code
   * ce_id} and {@code ce_time}.
   */
  public Headers forActor(Headers headers, String meshId, String actor, byte[] value) {
    String signature =
        key.signRequest(
            meshId,
            KafkaEvents.header(headers, CloudEventHeaders.ID),
            KafkaEvents.header(headers, CloudEventHeaders.TIME),
            actor,
            value);
    headers.add(CloudEventHeaders.ACTOR, actor.getBytes(StandardCharsets.UTF_8));
    headers.add(CloudEventHeaders.SIGNATURE, signature.getBytes(StandardCharsets.US_ASCII));
    headers.add(CloudEventHeaders.KEY_ID, key.keyId().getBytes(StandardCharsets.US_ASCII));
    return headers;
  }
}
