package io.meshfed.security.sign;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The signature that authorizes a membership request on {@code meshfed.requests.v1}, in place of a
 * credential on the topic: Ed25519 ({@link RecordSigner}) over the topic, a key made of the mesh
 * id, the request id ({@code ce_id}), its time ({@code ce_time}) and the actor, joined by newlines,
 * and the value exactly as sent. A signed request is good for its mesh, its id and its time only:
 * the hub refuses an old one and an id it took in already.
 */
public final class RequestSignatures {

  /** The topic the signed bytes name. */
  public static final String TOPIC = "meshfed.requests.v1";

  private RequestSignatures() {}

  /**
   * @param actor the key's registered name for a platform's own key; the REST caller for the hub's
   * @throws IllegalArgumentException when a part is missing or holds a newline
   */
  public static String sign(
      PrivateKey key, String meshId, String requestId, String time, String actor, byte[] value) {
    return HubRecordSignatures.sign(key, TOPIC, signedKey(meshId, requestId, time, actor), value);
  }

  /** Whether {@code signature} is {@code key}'s over these parts; false for malformed parts. */
  public static boolean verify(
      PublicKey key,
      String meshId,
      String requestId,
      String time,
      String actor,
      byte[] value,
      String signature) {
    String signedKey;
    try {
      signedKey = signedKey(meshId, requestId, time, actor);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return RecordVerifier.verify(key, TOPIC + "/" + signedKey, value, signature);
  }

  private static String signedKey(String meshId, String requestId, String time, String actor) {
    StringBuilder key = new StringBuilder();
    for (String part : new String[] {meshId, requestId, time, actor}) {
      if (part == null || part.isEmpty() || part.indexOf('\n') >= 0) {
        throw new IllegalArgumentException(
            "a signed request needs its mesh id, id, time and actor, none with a newline");
      }
      if (key.length() > 0) {
        key.append('\n');
      }
      key.append(part);
    }
    return key.toString();
  }
}
