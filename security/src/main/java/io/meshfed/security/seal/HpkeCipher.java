package io.meshfed.security.seal;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;

/**
 * Seals and opens with the {@link Hpke} suite: RFC 9180's base mode, run by BouncyCastle on the raw
 * X25519 keys of Tink keysets (BouncyCastle's X25519 is much faster than Tink's pure-Java one). It
 * writes and reads exactly the ciphertexts of Tink's {@code HybridEncrypt}, so that either side may
 * be Tink:
 *
 * <pre>
 *   output prefix (5 bytes: 0x01, then the key id, big-endian)
 *   || enc (32 bytes: the sender's ephemeral X25519 public key)
 *   || AES-256-GCM ciphertext and 16-byte tag
 * </pre>
 *
 * <p>The HPKE info is Tink's {@code contextInfo}, and the AEAD's associated data is empty, as in
 * Tink.
 */
final class HpkeCipher {

  /** Nenc of DHKEM(X25519, HKDF-SHA256) (RFC 9180, section 7.1). */
  private static final int ENC_LENGTH = 32;

  private static final byte[] NO_ASSOCIATED_DATA = new byte[0];

  private HpkeCipher() {}

  /**
   * Seals to the primary key of a public keyset (RFC 9180 SetupBaseS, then one Seal), as Tink's
   * {@code HybridEncrypt.encrypt(plaintext, info)} does.
   */
  @AccessesPartialKey
  static byte[] seal(KeysetHandle publicKeyset, byte[] plaintext, byte[] info)
      throws GeneralSecurityException {
    Key primary = publicKeyset.getPrimary().getKey();
    if (!(primary instanceof HpkePublicKey key) || !Hpke.PARAMETERS.equals(key.getParameters())) {
      throw new GeneralSecurityException("the primary key is not a public key of the HPKE suite");
    }
    byte[] prefix = key.getOutputPrefix().toByteArray();
    try {
      HPKE hpke = suite();
      HPKEContextWithEncapsulation sender =
          hpke.setupBaseS(hpke.deserializePublicKey(key.getPublicKeyBytes().toByteArray()), info);
      byte[] enc = sender.getEncapsulation();
      byte[] sealed = sender.seal(NO_ASSOCIATED_DATA, plaintext);
      return ByteBuffer.allocate(prefix.length + enc.length + sealed.length)
          .put(prefix)
          .put(enc)
          .put(sealed)
          .array();
    } catch (InvalidCipherTextException | IllegalArgumentException | IllegalStateException e) {
      // IllegalStateException: a public key of low order (an all-zero X25519 shared secret).
      throw new GeneralSecurityException("cannot seal with HPKE", e);
    }
  }

  /**
   * Opens what {@link #seal} or Tink's {@code HybridEncrypt} sealed to a key of a private keyset.
   * As Tink's {@code HybridDecrypt} does, it tries each enabled key whose output prefix starts the
   * ciphertext (key ids are random, so rarely more than one).
   */
  static byte[] open(KeysetHandle privateKeyset, byte[] ciphertext, byte[] info)
      throws GeneralSecurityException {
    for (int i = 0; i < privateKeyset.size(); i++) {
      KeysetHandle.Entry entry = privateKeyset.getAt(i);
      if (entry.getStatus() != KeyStatus.ENABLED
          || !(entry.getKey() instanceof HpkePrivateKey key)
          || !Hpke.PARAMETERS.equals(key.getParameters())) {
        continue;
      }
      byte[] prefix = key.getOutputPrefix().toByteArray();
      if (ciphertext.length < prefix.length + ENC_LENGTH
          || !Arrays.equals(ciphertext, 0, prefix.length, prefix, 0, prefix.length)) {
        continue;
      }
      try {
        return openWith(key, ciphertext, prefix.length, info);
      } catch (InvalidCipherTextException | IllegalArgumentException | IllegalStateException e) {
        // Not this key, or changed on the way; another key with the same prefix may open it.
      }
    }
    throw new GeneralSecurityException("no key of the keyset opens this HPKE ciphertext");
  }

  /** RFC 9180 SetupBaseR with the enc that follows the prefix, then one Open of the rest. */
  @AccessesPartialKey
  private static byte[] openWith(HpkePrivateKey key, byte[] ciphertext, int from, byte[] info)
      throws InvalidCipherTextException {
    HPKE hpke = suite();
    byte[] privateKey = key.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    // Tink keeps the public key next to the private one; passing it spares computing it again.
    AsymmetricCipherKeyPair recipient =
        hpke.deserializePrivateKey(
            privateKey, key.getPublicKey().getPublicKeyBytes().toByteArray());
    Arrays.fill(privateKey, (byte) 0);
    byte[] enc = Arrays.copyOfRange(ciphertext, from, from + ENC_LENGTH);
    int sealedFrom = from + ENC_LENGTH;
    return hpke.setupBaseR(enc, recipient, info)
        .open(NO_ASSOCIATED_DATA, ciphertext, sealedFrom, ciphertext.length - sealedFrom);
  }

  /**
   * BouncyCastle's HPKE in base mode for the suite. A new one for each call: it keeps state between
   * the steps of a call, so it must not be shared between threads.
   */
  private static HPKE suite() {
    return new HPKE(
        HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
  }
}
