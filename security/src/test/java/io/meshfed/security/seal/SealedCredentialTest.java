package io.meshfed.security.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.security.MaterialRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SealedCredentialTest {

  private static final byte[] KUBECONFIG =
      "apiVersion: v1\nkind: Config\nusers:\n- name: cluster1\n  user:\n    token: abc\n"
          .getBytes(StandardCharsets.UTF_8);

  private final RecipientKeys cluster2 = RecipientKeys.generate();
  private final SealContext toCluster2 = SealContext.remoteSecret("cluster1", "cluster2");

  @Test
  void theRecipientOpensWhatWasSealedForIt() throws Exception {
    String sealed = CredentialSealer.seal(cluster2.publicKeyset(), KUBECONFIG, toCluster2);

    assertThat(CredentialOpener.open(cluster2, sealed, toCluster2)).isEqualTo(KUBECONFIG);
    assertThat(sealed).doesNotContain("token");
  }

  @Test
  void eachSealingIsFresh() {
    assertThat(CredentialSealer.seal(cluster2.publicKeyset(), KUBECONFIG, toCluster2))
        .isNotEqualTo(CredentialSealer.seal(cluster2.publicKeyset(), KUBECONFIG, toCluster2));
  }

  @Test
  void aTamperedCiphertextIsRefused() {
    byte[] raw =
        Base64.getDecoder()
            .decode(CredentialSealer.seal(cluster2.publicKeyset(), KUBECONFIG, toCluster2));
    for (int at : new int[] {0, 5, raw.length / 2, raw.length - 1}) {
      byte[] tampered = raw.clone();
      tampered[at] ^= 0x01;

      assertThatThrownBy(
              () ->
                  CredentialOpener.open(
                      cluster2, Base64.getEncoder().encodeToString(tampered), toCluster2))
          .as("byte %d flipped", at)
          .isInstanceOfSatisfying(
              MaterialRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo("CiphertextRefused"));
    }
  }

  @Test
  void aTruncatedCiphertextIsRefused() {
    byte[] raw =
        Base64.getDecoder()
            .decode(CredentialSealer.seal(cluster2.publicKeyset(), KUBECONFIG, toCluster2));
    byte[] truncated = java.util.Arrays.copyOf(raw, raw.length - 1);

    assertThatThrownBy(
            () ->
                CredentialOpener.open(
                    cluster2, Base64.getEncoder().encodeToString(truncated), toCluster2))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo("CiphertextRefused"));
  }

  @Test
  void anotherRecipientCannotOpenIt() {
    RecipientKeys cluster3 = RecipientKeys.generate();
    String sealed = CredentialSealer.seal(cluster2.publicKeyset(), KUBECONFIG, toCluster2);

    assertThatThrownBy(() -> CredentialOpener.open(cluster3, sealed, toCluster2))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo("CiphertextRefused"))
        .hasMessageContaining("sealed by cluster1 for cluster2 (remote-secret)");
  }

  @Test
  void aCiphertextDoesNotOpenUnderAnotherContext() {
    String sealed = CredentialSealer.seal(cluster2.publicKeyset(), KUBECONFIG, toCluster2);

    for (SealContext replayed :
        new SealContext[] {
          SealContext.remoteSecret("cluster3", "cluster2"),
          SealContext.remoteSecret("cluster1", "cluster3"),
          new SealContext("cluster1", "cluster2", "something-else")
        }) {
      assertThatThrownBy(() -> CredentialOpener.open(cluster2, sealed, replayed))
          .as("opened as %s", replayed)
          .isInstanceOfSatisfying(
              MaterialRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo("CiphertextRefused"));
    }
  }

  @Test
  void textThatIsNotACiphertextIsRefusedAsMalformed() {
    assertThatThrownBy(() -> CredentialOpener.open(cluster2, "not base64 !", toCluster2))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo("MalformedCiphertext"));
    assertThatThrownBy(() -> CredentialOpener.open(cluster2, "", toCluster2))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo("MalformedCiphertext"));
  }

  @Test
  void theRecipientsKeysSurviveARestartThroughTheirSecret() throws Exception {
    String sealed = CredentialSealer.seal(cluster2.publicKeyset(), KUBECONFIG, toCluster2);

    RecipientKeys reloaded = RecipientKeys.fromPrivateKeyset(cluster2.privateKeyset());

    assertThat(CredentialOpener.open(reloaded, sealed, toCluster2)).isEqualTo(KUBECONFIG);
    assertThat(reloaded.publicKeyset()).isEqualTo(cluster2.publicKeyset());
  }

  @Test
  void aPrivateKeysetIsNeverTakenForAPublicOne() {
    assertThatThrownBy(() -> RecipientKeys.parsePublicKeyset(cluster2.privateKeyset()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recipient public keyset is not a Tink public keyset");
    assertThatThrownBy(
            () -> CredentialSealer.seal(cluster2.privateKeyset(), KUBECONFIG, toCluster2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPublicKeysetThatIsNotBase64IsRefused() {
    assertThatThrownBy(() -> CredentialSealer.seal("???", KUBECONFIG, toCluster2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recipient public keyset is not base64");
  }

  @Test
  void contextsNameClustersAndAPurpose() {
    assertThatThrownBy(() -> SealContext.remoteSecret("Cluster1", "cluster2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("senderCluster 'Cluster1' is not a DNS-1123 label");
    assertThatThrownBy(() -> new SealContext("cluster1", "cluster2", "Remote Secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("purpose 'Remote Secret'");
  }

  @Test
  void neverPrintsKeyMaterial() {
    assertThat(cluster2.toString()).isEqualTo("RecipientKeys[1 key(s)]");
  }
}
