package io.meshfed.security.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.security.sign.HubRecordSignatures.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubRecordSignaturesTest {

  private static final KeyPair HUB = SigningKeys.generate();
  private static final KeyPair OTHER = SigningKeys.generate();
  private static final String HUB_ID = SigningKeys.fingerprint(HUB.getPublic());
  private static final Map<String, PublicKey> PINNED = Map.of(HUB_ID, HUB.getPublic());
  private static final byte[] VALUE = "{\"meshId\":\"m\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void aRecordSignedByThePinnedKeyVerifiesOnItsTopicUnderItsKeyOnly() {
    String signature =
        HubRecordSignatures.sign(HUB.getPrivate(), "meshfed.desired.v1", "c1", VALUE);

    assertThat(verify("meshfed.desired.v1", "c1", VALUE, signature, HUB_ID))
        .isEqualTo(Verdict.VALID);
    assertThat(verify("meshfed.desired.v1", "c1", VALUE, signature, null))
        .as("without a key id every pinned key is tried")
        .isEqualTo(Verdict.VALID);
    assertThat(verify("meshfed.credentials.v1", "c1", VALUE, signature, HUB_ID))
        .as("on another topic")
        .isEqualTo(Verdict.INVALID);
    assertThat(verify("meshfed.desired.v1", "c2", VALUE, signature, HUB_ID))
        .as("under another key")
        .isEqualTo(Verdict.INVALID);
    assertThat(
            verify(
                "meshfed.desired.v1",
                "c1",
                "{}".getBytes(StandardCharsets.UTF_8),
                signature,
                HUB_ID))
        .as("with another value")
        .isEqualTo(Verdict.INVALID);
    assertThat(verify("meshfed.desired.v1", "c1", null, signature, HUB_ID))
        .as("as a tombstone")
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void aTimedSignatureCoversTheTimeItNames() {
    String signature =
        HubRecordSignatures.signTimed(HUB.getPrivate(), "meshfed.desired.v1", "c1", 1000L, null);

    assertThat(timed(signature, "1000")).isEqualTo(Verdict.VALID);
    assertThat(timed(signature, "2000"))
        .as("an old tombstone presented as a newer one")
        .isEqualTo(Verdict.INVALID);
    assertThat(timed(signature, null))
        .as("a timed signature with its time left out")
        .isEqualTo(Verdict.INVALID);
    assertThat(timed(signature, "not-a-time")).isEqualTo(Verdict.INVALID);
    assertThat(timed(null, "1000")).isEqualTo(Verdict.MISSING);
    String untimed = HubRecordSignatures.sign(HUB.getPrivate(), "meshfed.desired.v1", "c1", null);
    assertThat(timed(untimed, null))
        .as("an untimed record of an earlier hub")
        .isEqualTo(Verdict.VALID);
    assertThat(timed(untimed, "1000"))
        .as("an untimed signature given a time")
        .isEqualTo(Verdict.INVALID);
  }

  private static Verdict timed(String signature, String signedAt) {
    return HubRecordSignatures.verify(
        PINNED, "meshfed.desired.v1", "c1", null, signature, HUB_ID, signedAt);
  }

  @Test
  void aTombstoneIsSignedToo() {
    String signature = HubRecordSignatures.sign(HUB.getPrivate(), "meshfed.desired.v1", "c1", null);

    assertThat(verify("meshfed.desired.v1", "c1", null, signature, HUB_ID))
        .isEqualTo(Verdict.VALID);
    assertThat(verify("meshfed.desired.v1", "c1", VALUE, signature, HUB_ID))
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void anUnsignedRecordOrOneOfAnotherKeyDoesNotSpeakForTheHub() {
    String forged = HubRecordSignatures.sign(OTHER.getPrivate(), "meshfed.desired.v1", "c1", VALUE);

    assertThat(verify("meshfed.desired.v1", "c1", VALUE, null, null)).isEqualTo(Verdict.MISSING);
    assertThat(verify("meshfed.desired.v1", "c1", VALUE, forged, null)).isEqualTo(Verdict.INVALID);
    assertThat(
            verify(
                "meshfed.desired.v1",
                "c1",
                VALUE,
                forged,
                SigningKeys.fingerprint(OTHER.getPublic())))
        .isEqualTo(Verdict.UNKNOWN_KEY);
    assertThat(verify("meshfed.desired.v1", "c1", VALUE, forged, HUB_ID))
        .as("naming the hub's key id")
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void thePublicKeyIsDerivedFromAPemPrivateKey() {
    String pem = SigningKeys.privateKeyToPem(HUB.getPrivate());

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(SigningKeys.publicKeyOf(SigningKeys.privateKeyFromPem(pem)).getEncoded())
        .isEqualTo(HUB.getPublic().getEncoded());
    assertThatThrownBy(() -> SigningKeys.privateKeyFromPem("not a key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PRIVATE KEY");
  }

  private static Verdict verify(
      String topic, String key, byte[] value, String signature, String keyId) {
    return HubRecordSignatures.verify(PINNED, topic, key, value, signature, keyId);
  }
}
