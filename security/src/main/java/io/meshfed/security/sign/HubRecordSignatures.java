package io.meshfed.security.sign;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;

/**
 * The hub's signature on the records only it writes: desired, mesh and credential records and their
 * tombstones. Ed25519 ({@link RecordSigner}) over the topic and the record key together with the
 * value, so that a signed record verifies only on its own topic, under its own key, with its own
 * value: a desired record cannot be replayed as a credential record, nor one cluster's record under
 * another's key. Agents pin the hub's public keys and drop what does not verify.
 *
 * <p>The hub also signs the time it signed at ({@link #signTimed}: milliseconds since the epoch,
 * greater for every record it writes than for the one before, across restarts), so that an agent
 * can tell a copy of an older record of the same key (an old tombstone of a cluster that left and
 * joined again, say) from the newest one and drop it. A record signed without a time (by a hub
 * before the time was signed) still verifies, as untimed.
 */
public final class HubRecordSignatures {

  /** Why a record does or does not speak for the hub. */
  public enum Verdict {
    /** Signed by one of the pinned keys. */
    VALID("-"),
    /** No signature header. */
    MISSING("HubSignatureMissing"),
    /** A signature by a key that is not pinned (its key id names none of them). */
    UNKNOWN_KEY("HubSignatureUnknownKey"),
    /** A signature that does not verify with the pinned key it names. */
    INVALID("HubSignatureInvalid");

    private final String reason;

    Verdict(String reason) {
      this.reason = reason;
    }

    /** Machine-readable: the dead-letter reason and metric tag. */
    public String reason() {
      return reason;
    }
  }

  private HubRecordSignatures() {}

  /**
   * The signature, base64, of a record the hub writes.
   *
   * @param value the record's value exactly as sent, or null for a tombstone
   */
  public static String sign(PrivateKey key, String topic, String recordKey, byte[] value) {
    return RecordSigner.sign(key, signedKey(topic, recordKey), value);
  }

  /**
   * The signature, base64, of a record the hub writes, over its time of signing too.
   *
   * @param signedAt milliseconds since the epoch, sent beside the signature
   * @param value the record's value exactly as sent, or null for a tombstone
   */
  public static String signTimed(
      PrivateKey key, String topic, String recordKey, long signedAt, byte[] value) {
    return RecordSigner.sign(key, timedKey(topic, recordKey, signedAt), value);
  }

  /**
   * Whether a record was signed by one of the pinned hub keys, over the time it names if it names
   * one.
   *
   * @param signedAt the time header ({@code ce_meshfedsignedat}), or null for an untimed record
   */
  public static Verdict verify(
      Map<String, PublicKey> pinned,
      String topic,
      String recordKey,
      byte[] value,
      String signature,
      String keyId,
      String signedAt) {
    if (signedAt == null || signedAt.isBlank()) {
      return verify(pinned, topic, recordKey, value, signature, keyId);
    }
    if (signature == null || signature.isBlank()) {
      return Verdict.MISSING;
    }
    long at;
    try {
      at = Long.parseLong(signedAt.strip());
    } catch (NumberFormatException e) {
      return Verdict.INVALID;
    }
    if (recordKey == null) {
      return Verdict.INVALID;
    }
    return verifySigned(pinned, timedKey(topic, recordKey, at), value, signature, keyId);
  }

  /**
   * Whether a record was signed by one of the pinned hub keys.
   *
   * @param pinned the hub's public keys by {@link SigningKeys#fingerprint}
   * @param signature the {@code ce_meshfedsignature} header, or null
   * @param keyId the {@code ce_meshfedkeyid} header, or null: then every pinned key is tried
   */
  public static Verdict verify(
      Map<String, PublicKey> pinned,
      String topic,
      String recordKey,
      byte[] value,
      String signature,
      String keyId) {
    if (signature == null || signature.isBlank()) {
      return Verdict.MISSING;
    }
    if (recordKey == null) {
      return Verdict.INVALID;
    }
    return verifySigned(pinned, signedKey(topic, recordKey), value, signature, keyId);
  }

  private static Verdict verifySigned(
      Map<String, PublicKey> pinned, String signed, byte[] value, String signature, String keyId) {
    if (signature == null || signature.isBlank()) {
      return Verdict.MISSING;
    }
    if (keyId != null && !keyId.isBlank()) {
      PublicKey key = pinned.get(keyId.strip());
      if (key == null) {
        return Verdict.UNKNOWN_KEY;
      }
      return RecordVerifier.verify(key, signed, value, signature) ? Verdict.VALID : Verdict.INVALID;
    }
    for (PublicKey key : pinned.values()) {
      if (RecordVerifier.verify(key, signed, value, signature)) {
        return Verdict.VALID;
      }
    }
    return Verdict.INVALID;
  }

  /** What a timed signature covers beside the value: the topic, the key and the time. */
  private static String timedKey(String topic, String recordKey, long signedAt) {
    return signedKey(topic, recordKey) + "@" + signedAt;
  }

  /** Topic names hold no {@code /} (Kafka allows letters, digits, '.', '_' and '-'). */
  private static String signedKey(String topic, String recordKey) {
    if (topic == null || topic.isEmpty() || topic.indexOf('/') >= 0) {
      throw new IllegalArgumentException("not a topic name: " + topic);
    }
    return topic + "/" + (recordKey == null ? "" : recordKey);
  }
}
