package io.meshfed.security.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.security.MaterialRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * One envelope per credential: every recipient opens the same body with its own key, and nothing
 * else opens it: not another cluster, not another credential, sender or purpose, not a changed
 * byte.
 */
class SealedEnvelopeTest {

  private static final RecipientKeys EAST = RecipientKeys.generate();
  private static final RecipientKeys WEST = RecipientKeys.generate();
  private static final RecipientKeys NORTH = RecipientKeys.generate();
  private static final byte[] KUBECONFIG =
      "apiVersion: v1\nkind: Config\nusers:\n- user:\n    token: abc\n"
          .getBytes(StandardCharsets.UTF_8);

  private static SealedEnvelope sealed() {
    return SealedEnvelope.seal(
        KUBECONFIG,
        "remote1",
        SealContext.REMOTE_SECRET,
        "remote1-17",
        Map.of("east", EAST.publicKeyset(), "west", WEST.publicKeyset()));
  }

  @Test
  void everyRecipientOpensTheSameCredential() throws Exception {
    SealedEnvelope envelope = sealed();

    assertThat(envelope.wrappedKeys()).containsOnlyKeys("east", "west");
    assertThat(envelope.open(EAST, "remote1", "east", SealContext.REMOTE_SECRET, "remote1-17"))
        .isEqualTo(KUBECONFIG);
    assertThat(envelope.open(WEST, "remote1", "west", SealContext.REMOTE_SECRET, "remote1-17"))
        .isEqualTo(KUBECONFIG);
  }

  @Test
  void aSealerWrapsTheKeyOnlyForNewRecipientsAndDropsThoseNoLongerNamed() throws Exception {
    SealedEnvelope.Sealer sealer =
        new SealedEnvelope.Sealer(KUBECONFIG, "remote1", SealContext.REMOTE_SECRET, "remote1-17");
    SealedEnvelope first = sealer.sealFor(Map.of("east", EAST.publicKeyset()));
    SealedEnvelope second =
        sealer.sealFor(Map.of("east", EAST.publicKeyset(), "north", NORTH.publicKeyset()));

    assertThat(second.ciphertext()).isEqualTo(first.ciphertext());
    assertThat(second.wrappedKeys()).containsOnlyKeys("east", "north");
    assertThat(second.wrappedKeys().get("east"))
        .as("an unchanged recipient keeps its wrapped key")
        .isEqualTo(first.wrappedKeys().get("east"));
    assertThat(second.open(EAST, "remote1", "east", SealContext.REMOTE_SECRET, "remote1-17"))
        .isEqualTo(KUBECONFIG);
    assertThat(second.open(NORTH, "remote1", "north", SealContext.REMOTE_SECRET, "remote1-17"))
        .isEqualTo(KUBECONFIG);

    SealedEnvelope third = sealer.sealFor(Map.of("north", WEST.publicKeyset()));
    assertThat(third.wrappedKeys()).containsOnlyKeys("north");
    assertThat(third.wrappedKeys().get("north"))
        .as("a recipient whose keyset changed gets the key wrapped anew")
        .isNotEqualTo(second.wrappedKeys().get("north"));
    assertThat(third.open(WEST, "remote1", "north", SealContext.REMOTE_SECRET, "remote1-17"))
        .isEqualTo(KUBECONFIG);
    assertThatThrownBy(
            () -> third.open(NORTH, "remote1", "north", SealContext.REMOTE_SECRET, "remote1-17"))
        .isInstanceOf(MaterialRejectedException.class);
  }

  @Test
  void aClusterThatIsNoRecipientOpensNothing() {
    SealedEnvelope envelope = sealed();

    assertThatThrownBy(
            () -> envelope.open(NORTH, "remote1", "north", SealContext.REMOTE_SECRET, "remote1-17"))
        .isInstanceOf(MaterialRejectedException.class)
        .hasMessageContaining("not sealed for north");
    assertThatThrownBy(
            () -> envelope.open(NORTH, "remote1", "east", SealContext.REMOTE_SECRET, "remote1-17"))
        .as("another cluster's wrapped key does not open with its own")
        .isInstanceOf(MaterialRejectedException.class)
        .hasMessageContaining("does not open");
  }

  @Test
  void anotherSenderPurposeOrCredentialIdOpensNothing() {
    SealedEnvelope envelope = sealed();

    assertThatThrownBy(
            () -> envelope.open(EAST, "remote2", "east", SealContext.REMOTE_SECRET, "remote1-17"))
        .isInstanceOf(MaterialRejectedException.class);
    assertThatThrownBy(() -> envelope.open(EAST, "remote1", "east", "other-use", "remote1-17"))
        .isInstanceOf(MaterialRejectedException.class);
    assertThatThrownBy(
            () -> envelope.open(EAST, "remote1", "east", SealContext.REMOTE_SECRET, "remote1-18"))
        .isInstanceOf(MaterialRejectedException.class);
  }

  @Test
  void aChangedByteOrAnotherEnvelopesBodyOpensNothing() {
    SealedEnvelope envelope = sealed();
    byte[] body = Base64.getDecoder().decode(envelope.ciphertext());
    body[body.length - 1] ^= 1;
    SealedEnvelope tampered =
        new SealedEnvelope(Base64.getEncoder().encodeToString(body), envelope.wrappedKeys());
    SealedEnvelope other = sealed();
    SealedEnvelope spliced =
        new SealedEnvelope(other.ciphertext(), new TreeMap<>(envelope.wrappedKeys()));

    assertThatThrownBy(
            () -> tampered.open(EAST, "remote1", "east", SealContext.REMOTE_SECRET, "remote1-17"))
        .isInstanceOf(MaterialRejectedException.class)
        .hasMessageContaining("does not open");
    assertThatThrownBy(
            () -> spliced.open(EAST, "remote1", "east", SealContext.REMOTE_SECRET, "remote1-17"))
        .as("a wrapped key is bound to its own body")
        .isInstanceOf(MaterialRejectedException.class);
  }

  @Test
  void eachRecipientAddsOneSmallWrappedKeyNotACopyOfTheCredential() {
    Map<String, String> hundred = new TreeMap<>();
    for (int i = 0; i < 100; i++) {
      hundred.put("primary-" + i, EAST.publicKeyset());
    }
    SealedEnvelope envelope =
        SealedEnvelope.seal(new byte[1200], "remote1", SealContext.REMOTE_SECRET, "r-1", hundred);

    assertThat(envelope.ciphertext().length()).isLessThan(1700);
    assertThat(envelope.wrappedKeys().values())
        .allSatisfy(k -> assertThat(k.length()).isLessThan(130));
  }

  @Test
  void aRecipientKeyThatIsNoPublicKeysetIsNamed() {
    assertThatThrownBy(
            () ->
                SealedEnvelope.seal(
                    KUBECONFIG,
                    "remote1",
                    SealContext.REMOTE_SECRET,
                    "r-1",
                    Map.of("east", "bm90LWEta2V5c2V0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot seal for east");
  }
}
