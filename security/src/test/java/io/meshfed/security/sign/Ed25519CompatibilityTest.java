package io.meshfed.security.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/**
 * Record signatures are the JDK's Ed25519 on the wire: what the JDK signs verifies here, what
 * BouncyCastle signs verifies with the JDK, and neither verifies once the body, the signature or
 * the key is changed.
 */
class Ed25519CompatibilityTest {

  private static final String CLUSTER = "cluster1";

  private final KeyPair keys = SigningKeys.generate();
  private final Random random = new Random(42);

  private static String jdkSign(PrivateKey key, String recordKey, byte[] body)
      throws GeneralSecurityException {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(key);
    signer.update(SignedBytes.of(recordKey, body));
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  private static boolean jdkVerify(PublicKey key, String recordKey, byte[] body, String signature)
      throws GeneralSecurityException {
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(SignedBytes.of(recordKey, body));
    return verifier.verify(Base64.getDecoder().decode(signature));
  }

  /** BouncyCastle's signature, from the seed of the JDK's private key. */
  private static String bouncyCastleSign(PrivateKey key, String recordKey, byte[] body) {
    byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow();
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, new Ed25519PrivateKeyParameters(seed));
    byte[] signed = SignedBytes.of(recordKey, body);
    signer.update(signed, 0, signed.length);
    return Base64.getEncoder().encodeToString(signer.generateSignature());
  }

  /** Bodies of several sizes, the empty body and a tombstone. */
  private byte[][] bodies() {
    byte[][] bodies = new byte[12][];
    bodies[0] = null;
    bodies[1] = new byte[0];
    bodies[2] = "{\"meshId\":\"mesh1\"}".getBytes(StandardCharsets.UTF_8);
    for (int i = 3; i < bodies.length; i++) {
      bodies[i] = new byte[random.nextInt(4096)];
      random.nextBytes(bodies[i]);
    }
    return bodies;
  }

  @Test
  void whatTheJdkSignsVerifies() throws GeneralSecurityException {
    for (byte[] body : bodies()) {
      String signature = jdkSign(keys.getPrivate(), CLUSTER, body);

      assertThat(RecordVerifier.verify(keys.getPublic(), CLUSTER, body, signature)).isTrue();
    }
  }

  @Test
  void whatBouncyCastleSignsVerifiesWithTheJdkAndIsTheSameSignature()
      throws GeneralSecurityException {
    for (byte[] body : bodies()) {
      String signature = bouncyCastleSign(keys.getPrivate(), CLUSTER, body);

      assertThat(jdkVerify(keys.getPublic(), CLUSTER, body, signature)).isTrue();
      assertThat(RecordVerifier.verify(keys.getPublic(), CLUSTER, body, signature)).isTrue();
      // Ed25519 is deterministic: one key and message make one signature.
      assertThat(signature).isEqualTo(jdkSign(keys.getPrivate(), CLUSTER, body));
    }
  }

  @Test
  void recordSignerMakesTheJdksSignature() throws GeneralSecurityException {
    PrivateKey stored =
        SigningKeys.decodePrivateKey(SigningKeys.encodePrivateKey(keys.getPrivate()));
    for (byte[] body : bodies()) {
      String signature = RecordSigner.sign(keys.getPrivate(), CLUSTER, body);

      assertThat(signature).isEqualTo(jdkSign(keys.getPrivate(), CLUSTER, body));
      assertThat(RecordSigner.sign(stored, CLUSTER, body)).isEqualTo(signature);
      assertThat(jdkVerify(keys.getPublic(), CLUSTER, body, signature)).isTrue();
    }
  }

  @Test
  void recordSignerRefusesKeysThatAreNotEd25519() throws GeneralSecurityException {
    PrivateKey ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate();

    assertThatThrownBy(() -> RecordSigner.sign(ed448, CLUSTER, bodies()[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot sign with a EdDSA key");
  }

  @Test
  void aKeyReadFromItsTextFormVerifiesAsTheGeneratedOne() throws GeneralSecurityException {
    byte[] body = bodies()[5];
    String signature = jdkSign(keys.getPrivate(), CLUSTER, body);
    PublicKey registered =
        SigningKeys.decodePublicKey(SigningKeys.encodePublicKey(keys.getPublic()));

    assertThat(RecordVerifier.verify(registered, CLUSTER, body, signature)).isTrue();
  }

  @Test
  void aTamperedBodyDoesNotVerify() throws GeneralSecurityException {
    byte[] body = bodies()[6];
    String signature = jdkSign(keys.getPrivate(), CLUSTER, body);
    for (int i = 0; i < body.length; i += Math.max(1, body.length / 16)) {
      byte[] tampered = body.clone();
      tampered[i] ^= 0x01;

      assertThat(RecordVerifier.verify(keys.getPublic(), CLUSTER, tampered, signature)).isFalse();
    }
    assertThat(
            RecordVerifier.verify(
                keys.getPublic(), CLUSTER, Arrays.copyOf(body, body.length - 1), signature))
        .isFalse();
    assertThat(
            RecordVerifier.verify(
                keys.getPublic(), CLUSTER, Arrays.copyOf(body, body.length + 1), signature))
        .isFalse();
  }

  @Test
  void aTamperedSignatureDoesNotVerify() throws GeneralSecurityException {
    byte[] body = bodies()[7];
    byte[] raw = Base64.getDecoder().decode(jdkSign(keys.getPrivate(), CLUSTER, body));
    for (int i = 0; i < raw.length; i++) {
      byte[] tampered = raw.clone();
      tampered[i] ^= (byte) (1 << (i % 8));

      assertThat(
              RecordVerifier.verify(
                  keys.getPublic(), CLUSTER, body, Base64.getEncoder().encodeToString(tampered)))
          .as("bit flipped in byte %d", i)
          .isFalse();
    }
    assertThat(
            RecordVerifier.verify(
                keys.getPublic(),
                CLUSTER,
                body,
                Base64.getEncoder().encodeToString(Arrays.copyOf(raw, 63))))
        .isFalse();
    assertThat(
            RecordVerifier.verify(
                keys.getPublic(),
                CLUSTER,
                body,
                Base64.getEncoder().encodeToString(Arrays.copyOf(raw, 65))))
        .isFalse();
  }

  @Test
  void aTamperedOrForeignKeyDoesNotVerify() throws GeneralSecurityException {
    byte[] body = bodies()[8];
    String signature = jdkSign(keys.getPrivate(), CLUSTER, body);
    byte[] der = keys.getPublic().getEncoded();
    KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
    for (int i = der.length - 32; i < der.length; i += 3) {
      byte[] tampered = der.clone();
      tampered[i] ^= 0x04;
      PublicKey changed;
      try {
        changed = ed25519.generatePublic(new X509EncodedKeySpec(tampered));
      } catch (GeneralSecurityException e) {
        continue; // not a point on the curve: the JDK does not even make a key of it
      }

      assertThat(RecordVerifier.verify(changed, CLUSTER, body, signature))
          .as("bit flipped in key byte %d", i)
          .isFalse();
    }
    assertThat(RecordVerifier.verify(SigningKeys.generate().getPublic(), CLUSTER, body, signature))
        .isFalse();
    assertThat(
            RecordVerifier.verify(
                KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic(),
                CLUSTER,
                body,
                signature))
        .isFalse();
    assertThat(
            RecordVerifier.verify(
                KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic(),
                CLUSTER,
                body,
                signature))
        .isFalse();
  }

  @Test
  void theIdentityPointIsNoKey() throws GeneralSecurityException {
    // Its "signature" R = identity, S = 0 holds for every message under the bare verification
    // equation; the JDK accepts it, BouncyCastle refuses the key.
    byte[] der = keys.getPublic().getEncoded();
    Arrays.fill(der, der.length - 32, der.length, (byte) 0);
    der[der.length - 32] = 1;
    PublicKey identity =
        KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    byte[] trivial = new byte[64];
    trivial[0] = 1;

    assertThat(
            RecordVerifier.verify(
                identity, CLUSTER, bodies()[2], Base64.getEncoder().encodeToString(trivial)))
        .isFalse();
  }
}
