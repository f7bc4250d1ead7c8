package io.meshfed.security.sign;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs a Kafka record an agent publishes: its key (the cluster name) and its body together, so
 * that a record can speak only for the cluster whose key signed it.
 *
 * <p>Signs with BouncyCastle's Ed25519, much cheaper than the JDK's; Ed25519 signatures are
 * deterministic, so the bytes are exactly those the JDK's {@code Signature.getInstance("Ed25519")}
 * makes with the same key. A private key that does not expose its seed is signed with the JDK.
 */
public final class RecordSigner {

  private RecordSigner() {}

  /**
   * The Ed25519 signature, base64, over the canonical bytes of {@code recordKey} and {@code body}.
   *
   * @param body the record's value exactly as sent, or null for a tombstone
   */
  public static String sign(PrivateKey key, String recordKey, byte[] body) {
    Optional<byte[]> seed = seed(key);
    if (seed.isPresent()) {
      byte[] signed = SignedBytes.of(recordKey, body);
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(true, new Ed25519PrivateKeyParameters(seed.get()));
      signer.update(signed, 0, signed.length);
      return Base64.getEncoder().encodeToString(signer.generateSignature());
    }
    try {
      Signature signer = Signature.getInstance(SigningKeys.ALGORITHM);
      signer.initSign(key);
      signer.update(SignedBytes.of(recordKey, body));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key", e);
    }
  }

  /** The 32-byte seed of an Ed25519 private key, if the key exposes it. */
  private static Optional<byte[]> seed(PrivateKey key) {
    if (key instanceof EdECPrivateKey ed
        && SigningKeys.ALGORITHM.equalsIgnoreCase(ed.getParams().getName())) {
      return ed.getBytes().filter(b -> b.length == Ed25519PrivateKeyParameters.KEY_SIZE);
    }
    return Optional.empty();
  }
}
