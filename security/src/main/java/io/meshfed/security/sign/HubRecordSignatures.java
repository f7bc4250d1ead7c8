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
    String signed = signedKey(topic, recordKey);
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

  /** Topic names hold no {@code /} (Kafka allows letters, digits, '.', '_' and '-'). */
  private static String signedKey(String topic, String recordKey) {
    if (topic == null || topic.isEmpty() || topic.indexOf('/') >= 0) {
      throw new IllegalArgumentException("not a topic name: " + topic);
    }
    return topic + "/" + (recordKey == null ? "" : recordKey);
  }
}
