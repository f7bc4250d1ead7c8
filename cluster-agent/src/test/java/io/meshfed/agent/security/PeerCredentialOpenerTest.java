package io.meshfed.agent.security;

import static io.meshfed.agent.security.TwoPrimaries.PEER;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.meshfed.agent.model.PeerKubeconfig;
import io.meshfed.events.model.SealedCredential;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerCredentialOpenerTest {

  private final TwoPrimaries mesh = new TwoPrimaries();

  @Test
  void aCredentialThePeerSealedForThisClusterOpensIntoAWorkingKubeconfig() {
    String kubeconfig = TwoPrimaries.peerKubeconfig("peer-token-0123456789abcdef");
    SealedCredential sealed = mesh.sealedByPeer("cluster2-7", kubeconfig);

    PeerCredentialOpener.Opened opened =
        PeerCredentialOpener.open(
            mesh.topology(mesh.mesh(Map.of(TwoPrimaries.ME, sealed), Map.of())),
            mesh.myKeys,
            Map.of());

    PeerKubeconfig peer = opened.kubeconfigs().get(PEER);
    assertThat(peer.kubeconfig()).isEqualTo(kubeconfig);
    assertThat(peer.withCredential()).isTrue();
    assertThat(peer.credentialId()).contains("cluster2-7");
    assertThat(opened.applied()).containsExactly(Map.entry(PEER, "cluster2-7"));
    assertThat(opened.refused()).isEmpty();
    Config config = Config.fromKubeconfig(peer.kubeconfig());
    assertThat(config.getMasterUrl()).startsWith(TwoPrimaries.PEER_API);
    assertThat(config.getAutoOAuthToken()).isEqualTo("peer-token-0123456789abcdef");
    assertThat(config.getCaCertData()).isNotBlank();
  }

  @Test
  void aTamperedCredentialIsRefusedNamingThePeerAndNothingIsWrittenForIt() {
    SealedCredential sealed =
        tampered(
            mesh.sealedByPeer("cluster2-7", TwoPrimaries.peerKubeconfig("t0123456789abcdef0")));

    PeerCredentialOpener.Opened opened =
        PeerCredentialOpener.open(
            mesh.topology(mesh.mesh(Map.of(TwoPrimaries.ME, sealed), Map.of())),
            mesh.myKeys,
            Map.of());

    assertThat(opened.kubeconfigs()).isEmpty();
    assertThat(opened.applied()).isEmpty();
    assertThat(opened.refused())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.peer()).isEqualTo(PEER);
              assertThat(r.reason()).isEqualTo("CiphertextRefused");
            });
  }

  @Test
  void aRefusedCredentialLeavesTheRemoteSecretAsTheClusterHoldsIt() {
    String before = TwoPrimaries.peerKubeconfig("earlier-token-0123456789");
    SealedCredential sealed =
        tampered(
            mesh.sealedByPeer("cluster2-8", TwoPrimaries.peerKubeconfig("t0123456789abcdef0")));

    PeerCredentialOpener.Opened opened =
        PeerCredentialOpener.open(
            mesh.topology(mesh.mesh(Map.of(TwoPrimaries.ME, sealed), Map.of())),
            mesh.myKeys,
            Map.of(
                PEER,
                new PeerCredentialOpener.LiveRemoteSecret(before, Optional.of("cluster2-7"))));

    assertThat(opened.kubeconfigs().get(PEER).kubeconfig()).isEqualTo(before);
    assertThat(opened.applied()).containsExactly(Map.entry(PEER, "cluster2-7"));
    assertThat(opened.refused())
        .extracting(PeerCredentialOpener.Refusal::peer)
        .containsExactly(PEER);
  }

  @Test
  void aCredentialSealedForAnotherClusterDoesNotOpenHere() {
    TwoPrimaries other = new TwoPrimaries();
    SealedCredential forSomeoneElse =
        other.sealedByPeer("cluster2-7", TwoPrimaries.peerKubeconfig("t0123456789abcdef0"));

    PeerCredentialOpener.Opened opened =
        PeerCredentialOpener.open(
            mesh.topology(mesh.mesh(Map.of(TwoPrimaries.ME, forSomeoneElse), Map.of())),
            mesh.myKeys,
            Map.of());

    assertThat(opened.refused())
        .extracting(PeerCredentialOpener.Refusal::reason)
        .containsExactly("CiphertextRefused");
  }

  @Test
  void beforeThePeerSealedAnythingTheSecretPointsAtItsServerWithoutACredential() {
    PeerCredentialOpener.Opened opened =
        PeerCredentialOpener.open(
            mesh.topology(mesh.mesh(Map.of(), Map.of())), mesh.myKeys, Map.of());

    PeerKubeconfig peer = opened.kubeconfigs().get(PEER);
    assertThat(peer.withCredential()).isFalse();
    assertThat(peer.credentialId()).isEmpty();
    Config config = Config.fromKubeconfig(peer.kubeconfig());
    assertThat(config.getMasterUrl()).startsWith(TwoPrimaries.PEER_API);
    assertThat(config.getAutoOAuthToken()).isNull();
    assertThat(opened.applied()).isEmpty();
  }

  @Test
  void aCredentialAlreadyAppliedStaysWhileThePlanCarriesNone() {
    String applied = TwoPrimaries.peerKubeconfig("earlier-token-0123456789");

    PeerCredentialOpener.Opened opened =
        PeerCredentialOpener.open(
            mesh.topology(mesh.mesh(Map.of(), Map.of())),
            mesh.myKeys,
            Map.of(
                PEER,
                new PeerCredentialOpener.LiveRemoteSecret(applied, Optional.of("cluster2-7"))));

    assertThat(opened.kubeconfigs().get(PEER).kubeconfig()).isEqualTo(applied);
    assertThat(opened.applied()).containsEntry(PEER, "cluster2-7");
  }

  /** The same credential with one bit of its ciphertext flipped. */
  static SealedCredential tampered(SealedCredential sealed) {
    byte[] raw = Base64.getDecoder().decode(sealed.ciphertext());
    raw[raw.length - 5] ^= 0x01;
    return new SealedCredential(
        sealed.purpose(),
        sealed.credentialId(),
        Base64.getEncoder().encodeToString(raw),
        sealed.expiresAt());
  }
}
