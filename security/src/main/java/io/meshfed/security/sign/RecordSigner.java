package io.meshfed.security.sign;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs a Kafka record an agent publishes: its key (the cluster name) and its body together, so
 * that a record can speak only for the cluster whose key signed it.
 */
public final class RecordSigner {

  private RecordSigner() {}

  /**
   * The Ed25519 signature, base64, over the canonical bytes of {@code recordKey} and {@code body}.
   *
   * @param body the record's value exactly as sent, or null for a tombstone
   */
  public static String sign(PrivateKey key, String recordKey, byte[] body) {
    try {
      Signature signer = Signature.getInstance(SigningKeys.ALGORITHM);
      signer.initSign(key);
      signer.update(SignedBytes.of(recordKey, body));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key", e);
    }
  }
}
