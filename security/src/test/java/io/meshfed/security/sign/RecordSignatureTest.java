package io.meshfed.security.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RecordSignatureTest {

  private static final byte[] STATUS =
      "{\"meshId\":\"mesh1\",\"clusterName\":\"cluster1\",\"phase\":\"Ready\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final KeyPair cluster1 = SigningKeys.generate();
  private final KeyPair cluster2 = SigningKeys.generate();

  @Test
  void aRecordSignedByTheClusterVerifies() {
    String signature = RecordSigner.sign(cluster1.getPrivate(), "cluster1", STATUS);

    assertThat(RecordVerifier.verify(cluster1.getPublic(), "cluster1", STATUS, signature)).isTrue();
    assertThat(Base64.getDecoder().decode(signature)).hasSize(64);
  }

  @Test
  void aChangedBodyDoesNotVerify() {
    String signature = RecordSigner.sign(cluster1.getPrivate(), "cluster1", STATUS);
    byte[] changed =
        "{\"meshId\":\"mesh1\",\"clusterName\":\"cluster1\",\"phase\":\"Left\"}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(RecordVerifier.verify(cluster1.getPublic(), "cluster1", changed, signature))
        .isFalse();
  }

  @Test
  void theSameBodyUnderAnotherRecordKeyDoesNotVerify() {
    String signature = RecordSigner.sign(cluster1.getPrivate(), "cluster1", STATUS);

    assertThat(RecordVerifier.verify(cluster1.getPublic(), "cluster2", STATUS, signature))
        .isFalse();
  }

  @Test
  void bytesCannotMoveBetweenKeyAndBody() {
    String signature =
        RecordSigner.sign(cluster1.getPrivate(), "cluster1", "x".getBytes(StandardCharsets.UTF_8));

    assertThat(
            RecordVerifier.verify(
                cluster1.getPublic(), "cluster", "1x".getBytes(StandardCharsets.UTF_8), signature))
        .isFalse();
  }

  @Test
  void anotherClustersKeyCannotSpeakForThisCluster() {
    String forged = RecordSigner.sign(cluster2.getPrivate(), "cluster1", STATUS);

    assertThat(RecordVerifier.verify(cluster1.getPublic(), "cluster1", STATUS, forged)).isFalse();
  }

  @Test
  void aTombstoneIsSignedAsATombstone() {
    String tombstone = RecordSigner.sign(cluster1.getPrivate(), "cluster1", null);

    assertThat(RecordVerifier.verify(cluster1.getPublic(), "cluster1", null, tombstone)).isTrue();
    assertThat(RecordVerifier.verify(cluster1.getPublic(), "cluster1", new byte[0], tombstone))
        .isFalse();
  }

  @Test
  void aMissingOrMalformedSignatureIsInvalid() {
    assertThat(RecordVerifier.verify(cluster1.getPublic(), "cluster1", STATUS, null)).isFalse();
    assertThat(RecordVerifier.verify(cluster1.getPublic(), "cluster1", STATUS, "")).isFalse();
    assertThat(RecordVerifier.verify(cluster1.getPublic(), "cluster1", STATUS, "not base64!"))
        .isFalse();
    assertThat(RecordVerifier.verify(cluster1.getPublic(), "cluster1", STATUS, "AAAA")).isFalse();
  }

  @Test
  void keysRoundTripThroughTheirTextForms() {
    String publicText = SigningKeys.encodePublicKey(cluster1.getPublic());
    String privateText = SigningKeys.encodePrivateKey(cluster1.getPrivate());

    String signature =
        RecordSigner.sign(SigningKeys.decodePrivateKey(privateText), "cluster1", STATUS);

    assertThat(
            RecordVerifier.verify(
                SigningKeys.decodePublicKey(publicText), "cluster1", STATUS, signature))
        .isTrue();
    assertThat(SigningKeys.decodePublicKey(publicText)).isEqualTo(cluster1.getPublic());
  }

  @Test
  void fingerprintNamesTheKeyWithoutCarryingIt() {
    String fingerprint = SigningKeys.fingerprint(cluster1.getPublic());

    assertThat(fingerprint).matches("[0-9a-f]{16}");
    assertThat(SigningKeys.fingerprint(cluster1.getPublic())).isEqualTo(fingerprint);
    assertThat(SigningKeys.fingerprint(cluster2.getPublic())).isNotEqualTo(fingerprint);
  }

  @Test
  void onlyEd25519PublicKeysAreAccepted() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String rsaKey =
        Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded());

    assertThatThrownBy(() -> SigningKeys.decodePublicKey(rsaKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signing public key is not an Ed25519 public key");
    assertThatThrownBy(() -> SigningKeys.decodePublicKey("%%%"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signing public key is not base64");
    assertThatThrownBy(() -> SigningKeys.decodePublicKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signing public key is required");
  }
}
