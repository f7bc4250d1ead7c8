package io.meshfed.security.sign;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Checks a record's signature against the public key registered for the cluster the record claims
 * to come from.
 */
public final class RecordVerifier {

  private RecordVerifier() {}

  /**
   * Whether {@code signature} is a valid Ed25519 signature by {@code publicKey} over {@code
   * recordKey} and {@code body}. A missing, malformed or foreign signature is simply invalid.
   *
   * @param publicKey the key registered for the cluster named by {@code recordKey}
   * @param body the record's value exactly as received, or null for a tombstone
   * @param signature base64, as {@link RecordSigner#sign} writes it
   */
  public static boolean verify(
      PublicKey publicKey, String recordKey, byte[] body, String signature) {
    if (publicKey == null || recordKey == null || signature == null || signature.isBlank()) {
      return false;
    }
    try {
      byte[] raw = Base64.getDecoder().decode(signature.strip());
      Signature verifier = Signature.getInstance(SigningKeys.ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update(SignedBytes.of(recordKey, body));
      return verifier.verify(raw);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }
}
