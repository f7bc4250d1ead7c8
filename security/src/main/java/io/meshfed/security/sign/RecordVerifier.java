package io.meshfed.security.sign;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checks a record's signature against the public key registered for the cluster the record claims
 * to come from.
 *
 * <p>Verifies with BouncyCastle's Ed25519 (RFC 8032, pure Ed25519 without context), which checks
 * the same signatures as the JDK's {@code Signature.getInstance("Ed25519")} that {@link
 * RecordSigner} signs with, at a fraction of the JDK's cost: the hub verifies every status report
 * of every cluster.
 */
public final class RecordVerifier {

  /**
   * The DER of an Ed25519 X.509 SubjectPublicKeyInfo up to its 32 key bytes (RFC 8410: algorithm
   * id-Ed25519, 1.3.101.112, without parameters; BIT STRING of 33 bytes, no unused bits).
   */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private RecordVerifier() {}

  /**
   * Whether {@code signature} is a valid Ed25519 signature by {@code publicKey} over {@code
   * recordKey} and {@code body}. A missing, malformed or foreign signature is simply invalid, as is
   * a key that is not an Ed25519 public key.
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
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(signature.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] key = rawKey(publicKey);
    if (key == null || raw.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
      return false;
    }
    try {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, new Ed25519PublicKeyParameters(key));
      byte[] signed = SignedBytes.of(recordKey, body);
      verifier.update(signed, 0, signed.length);
      return verifier.verifySignature(raw);
    } catch (IllegalArgumentException e) {
      // Not a point on the curve.
      return false;
    }
  }

  /** The 32 bytes of an Ed25519 public key, from its X.509 encoding; null if it is not one. */
  private static byte[] rawKey(PublicKey publicKey) {
    byte[] der = publicKey.getEncoded();
    int size = Ed25519PublicKeyParameters.KEY_SIZE;
    if (der == null
        || der.length != ED25519_SPKI_PREFIX.length + size
        || !Arrays.equals(
            der,
            0,
            ED25519_SPKI_PREFIX.length,
            ED25519_SPKI_PREFIX,
            0,
            ED25519_SPKI_PREFIX.length)) {
      return null;
    }
    return Arrays.copyOfRange(der, ED25519_SPKI_PREFIX.length, der.length);
  }
}
