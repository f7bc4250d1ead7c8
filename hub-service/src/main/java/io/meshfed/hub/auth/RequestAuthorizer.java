package io.meshfed.hub.auth;

import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.HubConfig;
import io.meshfed.hub.log.TakenRequest;
import io.meshfed.hub.request.Rejection;
import io.meshfed.hub.signing.HubSigningKey;
import io.meshfed.security.sign.RequestSignatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.kafka.common.header.Headers;

/**
 * Decides whether a request record may change its mesh, by its signature ({@link
 * RequestSignatures}) and never by a credential on the topic:
 *
 * <ul>
 *   <li>signed with the hub's own key: the REST API wrote it for the caller it names in {@link
 *       CloudEventHeaders#ACTOR}, after checking that caller's rights on the mesh;
 *   <li>signed with a platform team's registered key ({@link RequestSigners}): allowed when the
 *       key's groups allow changing the mesh ({@link MeshAccess}); the key's name is the actor;
 *   <li>anything else (no signature, a key nobody registered, a signature that does not verify, a
 *       time further than {@code meshfed.hub.request-max-age} from now, an id taken in already) is
 *       refused {@code Unauthenticated}; a registered key without rights on the mesh {@code
 *       Forbidden}.
 * </ul>
 */
@ApplicationScoped
public class RequestAuthorizer {

  /**
   * The outcome.
   *
   * @param actor who sent the request, null when unknown
   * @param refusal why the request may not change its mesh, or null when it may
   * @param duplicate whether the request (its id) was taken in already: decided, its outcome on the
   *     log; it gets no second outcome (a record read again after a restart, or a copy)
   */
  public record Authorization(String actor, Rejection refusal, boolean duplicate) {

    Authorization(String actor, Rejection refusal) {
      this(actor, refusal, false);
    }

    public boolean allowed() {
      return refusal == null;
    }
  }

  private final HubSigningKey hubKey;
  private final RequestSigners signers;
  private final Duration maxAge;
  private final SeenRequests seen;

  @Inject
  public RequestAuthorizer(HubSigningKey hubKey, RequestSigners signers, HubConfig config) {
    this.hubKey = hubKey;
    this.signers = signers;
    this.maxAge = config.requestMaxAge();
    this.seen = new SeenRequests(maxAge.multipliedBy(2));
  }

  /**
   * Remembers the requests the hub took in before it started (their outcomes on the log), so that a
   * copy of one of them is refused after a restart as it was before.
   */
  public synchronized void rememberTaken(List<TakenRequest> taken) {
    taken.forEach(t -> seen.remember(t.requestId(), t.at()));
  }

  /**
   * @param headers the record's headers
   * @param meshId the mesh the request changes
   * @param value the record's value exactly as received
   */
  public synchronized Authorization authorize(
      Headers headers, String meshId, byte[] value, Instant now) {
    String signature = KafkaEvents.header(headers, CloudEventHeaders.SIGNATURE);
    String keyId = KafkaEvents.header(headers, CloudEventHeaders.KEY_ID);
    String id = KafkaEvents.header(headers, CloudEventHeaders.ID);
    String time = KafkaEvents.header(headers, CloudEventHeaders.TIME);
    if (signature == null || signature.isBlank() || keyId == null || keyId.isBlank()) {
      return unauthenticated(
          "the request is not signed: sign it with a key registered with the hub"
              + " (ce_meshfedsignature, ce_meshfedkeyid), or send it through the REST API");
    }
    String actor;
    RequestSigners.Signer signer = null;
    if (keyId.strip().equals(hubKey.keyId())) {
      actor = KafkaEvents.header(headers, CloudEventHeaders.ACTOR);
      if (!RequestSignatures.verify(
          hubKey.publicKey(), meshId, id, time, actor, value, signature)) {
        return unauthenticated("the request's signature does not verify with its key " + keyId);
      }
    } else {
      signer = signers.byKeyId(keyId).orElse(null);
      if (signer == null) {
        return unauthenticated(
            "the request is signed by key " + keyId + ", which is not registered with the hub");
      }
      actor = signer.name();
      if (!RequestSignatures.verify(
          signer.publicKey(), meshId, id, time, actor, value, signature)) {
        return unauthenticated("the request's signature does not verify with its key " + keyId);
      }
    }
    Instant sent;
    try {
      sent = OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      return new Authorization(actor, Rejection.unauthenticated("ce_time is not an RFC 3339 time"));
    }
    if (Duration.between(sent, now).abs().compareTo(maxAge) > 0) {
      return new Authorization(
          actor,
          Rejection.unauthenticated(
              "the request was sent at "
                  + time
                  + ", further than "
                  + maxAge
                  + " (meshfed.hub.request-max-age) from the hub's time "
                  + now
                  + ": send it again"));
    }
    if (!seen.firstTime(id, now)) {
      return new Authorization(
          actor, Rejection.unauthenticated("request " + id + " was taken in already"), true);
    }
    if (signer != null && !MeshAccess.mayWrite(signer.groups(), meshId)) {
      return new Authorization(
          actor,
          Rejection.forbidden(
              "key "
                  + signer.name()
                  + " may not make this request: "
                  + MeshAccess.needed(meshId, MeshAccess.Right.WRITE)));
    }
    return new Authorization(actor, null);
  }

  private static Authorization unauthenticated(String message) {
    return new Authorization(null, Rejection.unauthenticated(message));
  }
}
