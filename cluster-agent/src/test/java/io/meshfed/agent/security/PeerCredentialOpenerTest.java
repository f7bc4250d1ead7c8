package io.meshfed.agent.security;

import static io.meshfed.agent.security.TwoPrimaries.ME;
import static io.meshfed.agent.security.TwoPrimaries.PEER;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.meshfed.agent.model.PeerKubeconfig;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealedEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerCredentialOpenerTest {

  private final TwoPrimaries mesh = new TwoPrimaries();

  @Test
  void aCredentialThePeerSealedForThisClusterOpensIntoAWorkingKubeconfig() {
    String kubeconfig = TwoPrimaries.peerKubeconfig("peer-token-0123456789abcdef");
    CredentialEnvelope sealed =
        TwoPrimaries.sealedByPeer(
            "cluster2-7",
            kubeconfig,
            Map.of(
                ME,
                mesh.myKeys.publicKeyset(),
                "cluster3",
                RecipientKeys.generate().publicKeyset()));

    PeerCredentialOpener.Opened opened = open(TwoPrimaries.credentials(sealed), Map.of());

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
    CredentialEnvelope sealed =
        tampered(
            mesh.sealedByPeer("cluster2-7", TwoPrimaries.peerKubeconfig("t0123456789abcdef0")));

    PeerCredentialOpener.Opened opened = open(TwoPrimaries.credentials(sealed), Map.of());

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
    CredentialEnvelope sealed =
        tampered(
            mesh.sealedByPeer("cluster2-8", TwoPrimaries.peerKubeconfig("t0123456789abcdef0")));

    PeerCredentialOpener.Opened opened =
        open(
            TwoPrimaries.credentials(sealed),
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
  void aCredentialSealedToAnotherKeyUnderThisClustersNameDoesNotOpenHere() {
    CredentialEnvelope forSomeoneElse =
        TwoPrimaries.sealedByPeer(
            "cluster2-7",
            TwoPrimaries.peerKubeconfig("t0123456789abcdef0"),
            Map.of(ME, RecipientKeys.generate().publicKeyset()));

    PeerCredentialOpener.Opened opened = open(TwoPrimaries.credentials(forSomeoneElse), Map.of());

    assertThat(opened.refused())
        .extracting(PeerCredentialOpener.Refusal::reason)
        .containsExactly("CiphertextRefused");
  }

  @Test
  void anEnvelopeRelabelledWithAnotherCredentialIdOrPurposeDoesNotOpen() {
    CredentialEnvelope sealed =
        mesh.sealedByPeer("cluster2-7", TwoPrimaries.peerKubeconfig("t0123456789abcdef0"));
    CredentialEnvelope otherId =
        new CredentialEnvelope(
            sealed.purpose(),
            "cluster2-8",
            sealed.expiresAt(),
            sealed.ciphertext(),
            sealed.recipients());

    assertThat(open(TwoPrimaries.credentials(otherId), Map.of()).refused())
        .extracting(PeerCredentialOpener.Refusal::reason)
        .containsExactly("CiphertextRefused");

    SealedEnvelope sealedForAnotherPurpose =
        SealedEnvelope.seal(
            TwoPrimaries.peerKubeconfig("t0123456789abcdef0").getBytes(StandardCharsets.UTF_8),
            PEER,
            "kubeconfig-backup",
            "cluster2-7",
            Map.of(ME, mesh.myKeys.publicKeyset()));
    CredentialEnvelope labelledRemoteSecret =
        new CredentialEnvelope(
            "remote-secret",
            "cluster2-7",
            null,
            sealedForAnotherPurpose.ciphertext(),
            sealedForAnotherPurpose.wrappedKeys());

    assertThat(open(TwoPrimaries.credentials(labelledRemoteSecret), Map.of()).refused())
        .extracting(PeerCredentialOpener.Refusal::reason)
        .containsExactly("CiphertextRefused");
  }

  @Test
  void aCredentialThatPointsAtAnotherServerThanThePeersRecordIsRefused() {
    String elsewhere =
        io.meshfed.security.kubeconfig.RemoteKubeconfig.render(
            PEER, "https://attacker.example:6443", TwoPrimaries.API_CA, "t0123456789abcdef0");
    String before = TwoPrimaries.peerKubeconfig("earlier-token-0123456789");

    PeerCredentialOpener.Opened opened =
        open(
            TwoPrimaries.credentials(mesh.sealedByPeer("cluster2-8", elsewhere)),
            Map.of(
                PEER,
                new PeerCredentialOpener.LiveRemoteSecret(before, Optional.of("cluster2-7"))));

    assertThat(opened.refused())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.peer()).isEqualTo(PEER);
              assertThat(r.reason()).isEqualTo(PeerCredentialOpener.API_SERVER_MISMATCH);
              assertThat(r.message())
                  .contains("https://attacker.example:6443")
                  .contains(TwoPrimaries.PEER_API)
                  .doesNotContain("t0123456789abcdef0");
            });
    assertThat(opened.kubeconfigs().get(PEER).kubeconfig())
        .as("the remote secret stays as the cluster holds it")
        .isEqualTo(before);
    assertThat(opened.applied()).containsExactly(Map.entry(PEER, "cluster2-7"));
  }

  @Test
  void aCredentialIsRefusedWhileThePeersRecordNamesNoServerToCheckItAgainst() {
    CredentialEnvelope sealed =
        mesh.sealedByPeer("cluster2-7", TwoPrimaries.peerKubeconfig("t0123456789abcdef0"));

    PeerCredentialOpener.Opened opened =
        open(Map.of(PEER, TwoPrimaries.peerRecord(null, sealed)), Map.of());

    assertThat(opened.kubeconfigs()).isEmpty();
    assertThat(opened.refused())
        .extracting(PeerCredentialOpener.Refusal::reason)
        .containsExactly(PeerCredentialOpener.API_SERVER_MISMATCH);
  }

  @Test
  void anEnvelopeNotSealedForThisClusterYetIsWaitedForNotRefused() {
    CredentialEnvelope forOthers =
        TwoPrimaries.sealedByPeer(
            "cluster2-7",
            TwoPrimaries.peerKubeconfig("t0123456789abcdef0"),
            Map.of("cluster3", RecipientKeys.generate().publicKeyset()));

    PeerCredentialOpener.Opened opened = open(TwoPrimaries.credentials(forOthers), Map.of());

    assertThat(opened.refused()).isEmpty();
    PeerKubeconfig peer = opened.kubeconfigs().get(PEER);
    assertThat(peer.withCredential()).isFalse();
    assertThat(Config.fromKubeconfig(peer.kubeconfig()).getMasterUrl())
        .startsWith(TwoPrimaries.PEER_API);
  }

  @Test
  void beforeThePeerSharedAnythingTheSecretPointsAtItsServerWithoutACredential() {
    PeerCredentialOpener.Opened opened = open(TwoPrimaries.credentials(null), Map.of());

    PeerKubeconfig peer = opened.kubeconfigs().get(PEER);
    assertThat(peer.withCredential()).isFalse();
    assertThat(peer.credentialId()).isEmpty();
    Config config = Config.fromKubeconfig(peer.kubeconfig());
    assertThat(config.getMasterUrl()).startsWith(TwoPrimaries.PEER_API);
    assertThat(config.getAutoOAuthToken()).isNull();
    assertThat(opened.applied()).isEmpty();
  }

  @Test
  void whileThePeersApiServerIsUnknownNothingIsWritten() {
    for (Map<String, SharedCredential> records :
        java.util.List.of(
            Map.<String, SharedCredential>of(),
            Map.of(PEER, TwoPrimaries.peerRecord(null, null)))) {
      PeerCredentialOpener.Opened opened = open(records, Map.of());

      assertThat(opened.kubeconfigs()).isEmpty();
      assertThat(opened.refused()).isEmpty();
    }
  }

  @Test
  void aCredentialTheSecretAlreadyHoldsIsNotOpenedAgain() {
    // The secret holds cluster2-7 pointing at the record's API server: an envelope of the same id
    // is that credential (sealed again for other recipients, it keeps its id), so it is kept as
    // the cluster holds it, without opening; a tampered ciphertext under that id changes nothing.
    String applied = TwoPrimaries.peerKubeconfig("earlier-token-0123456789");
    CredentialEnvelope sameId =
        tampered(
            mesh.sealedByPeer("cluster2-7", TwoPrimaries.peerKubeconfig("t0123456789abcdef0")));

    PeerCredentialOpener.Opened opened =
        open(
            TwoPrimaries.credentials(sameId),
            Map.of(
                PEER,
                new PeerCredentialOpener.LiveRemoteSecret(applied, Optional.of("cluster2-7"))));

    assertThat(opened.kubeconfigs().get(PEER).kubeconfig()).isEqualTo(applied);
    assertThat(opened.applied()).containsExactly(Map.entry(PEER, "cluster2-7"));
    assertThat(opened.refused()).isEmpty();

    // A new id is opened (and this one, tampered, refused), whatever the secret holds.
    PeerCredentialOpener.Opened rotated =
        open(
            TwoPrimaries.credentials(
                tampered(
                    mesh.sealedByPeer(
                        "cluster2-8", TwoPrimaries.peerKubeconfig("t0123456789abcdef1")))),
            Map.of(
                PEER,
                new PeerCredentialOpener.LiveRemoteSecret(applied, Optional.of("cluster2-7"))));
    assertThat(rotated.refused())
        .extracting(PeerCredentialOpener.Refusal::peer)
        .containsExactly(PEER);
  }

  @Test
  void aCredentialAlreadyAppliedStaysWhileTheRecordCarriesNone() {
    String applied = TwoPrimaries.peerKubeconfig("earlier-token-0123456789");

    PeerCredentialOpener.Opened opened =
        open(
            TwoPrimaries.credentials(null),
            Map.of(
                PEER,
                new PeerCredentialOpener.LiveRemoteSecret(applied, Optional.of("cluster2-7"))));

    assertThat(opened.kubeconfigs().get(PEER).kubeconfig()).isEqualTo(applied);
    assertThat(opened.applied()).containsEntry(PEER, "cluster2-7");
  }

  private PeerCredentialOpener.Opened open(
      Map<String, SharedCredential> records,
      Map<String, PeerCredentialOpener.LiveRemoteSecret> live) {
    return PeerCredentialOpener.open(mesh.topology(mesh.mesh()), records, mesh.myKeys, live);
  }

  /** The same credential with one bit of its ciphertext flipped. */
  static CredentialEnvelope tampered(CredentialEnvelope sealed) {
    byte[] raw = Base64.getDecoder().decode(sealed.ciphertext());
    raw[raw.length - 5] ^= 0x01;
    return new CredentialEnvelope(
        sealed.purpose(),
        sealed.credentialId(),
        sealed.expiresAt(),
        Base64.getEncoder().encodeToString(raw),
        sealed.recipients());
  }
}
