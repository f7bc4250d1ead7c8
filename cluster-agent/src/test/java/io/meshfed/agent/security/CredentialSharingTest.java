package io.meshfed.agent.security;

import static io.meshfed.agent.security.TwoPrimaries.ME;
import static io.meshfed.agent.security.TwoPrimaries.PEER;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.meshfed.agent.model.MemberTopology;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.SealedCredential;
import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.ca.RenewalPolicy;
import io.meshfed.security.kubeconfig.ClearTextScanner;
import io.meshfed.security.seal.CredentialOpener;
import io.meshfed.security.seal.SealContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CredentialSharingTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String TOKEN = "reader-token-0123456789abcdef";

  private final TwoPrimaries mesh = new TwoPrimaries();
  private final CredentialSharing sharing =
      new CredentialSharing(
          ME, new CredentialSealing(ME), Duration.ofDays(7), new RenewalPolicy(0.5));

  @Test
  void theCurrentTokenIsSealedForEveryRecipientAsAKubeconfigOnlyItOpens() throws Exception {
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));

    CredentialSharing.Sharing shared = share(mesh.mesh(Map.of(), Map.of()), List.of(token));

    SealedCredential sealed = shared.sealed().get(PEER);
    assertThat(shared.sealed()).containsOnlyKeys(PEER);
    assertThat(sealed.purpose()).isEqualTo(SealedCredential.REMOTE_SECRET);
    assertThat(sealed.credentialId()).isEqualTo(token.credentialId());
    assertThat(sealed.expiresAt()).isEqualTo(token.expiresAt());
    assertThat(ClearTextScanner.scan(sealed.ciphertext())).isEmpty();
    String kubeconfig =
        new String(
            CredentialOpener.open(
                mesh.peerKeys, sealed.ciphertext(), SealContext.remoteSecret(ME, PEER)),
            StandardCharsets.UTF_8);
    Config config = Config.fromKubeconfig(kubeconfig);
    assertThat(config.getMasterUrl()).startsWith(TwoPrimaries.MY_API);
    assertThat(config.getAutoOAuthToken()).isEqualTo(TOKEN);
    assertThat(config.getCurrentContext().getName()).isEqualTo(ME);
    assertThat(shared.condition().orElseThrow())
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.TRUE, CredentialSharing.SEALED);
  }

  @Test
  void theSameCredentialIsNotSealedAgainOnTheNextReconcile() {
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));
    MeshState state = mesh.mesh(Map.of(), Map.of());

    String first = share(state, List.of(token)).sealed().get(PEER).ciphertext();
    String second = share(state, List.of(token)).sealed().get(PEER).ciphertext();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void aCiphertextForAnotherRecipientOrPurposeDoesNotOpen() {
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));
    SealedCredential sealed =
        share(mesh.mesh(Map.of(), Map.of()), List.of(token)).sealed().get(PEER);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                CredentialOpener.open(
                    mesh.peerKeys, sealed.ciphertext(), SealContext.remoteSecret(PEER, ME)))
        .isInstanceOf(MaterialRejectedException.class);
  }

  @Test
  void aRecipientWithoutAKeyIsWaitedFor() {
    MeshState state = mesh.mesh(Map.of(), Map.of());
    TreeMap<String, MemberPlan> members = new TreeMap<>(state.members());
    MemberPlan peer = members.get(PEER);
    members.put(
        PEER,
        new MemberPlan(
            peer.role(),
            peer.network(),
            null,
            null,
            false,
            peer.apiServerUrl(),
            peer.remoteSecretPeers()));
    MeshState withoutKey =
        new MeshState(state.meshId(), 4, state.istioVersion(), new TreeMap<>(), members);

    CredentialSharing.Sharing shared =
        share(withoutKey, List.of(filled(Optional.of(TwoPrimaries.API_CA))));

    assertThat(shared.sealed()).isEmpty();
    assertThat(shared.condition().orElseThrow().reason())
        .isEqualTo(CredentialSharing.WAITING_FOR_RECIPIENT_KEY);
  }

  @Test
  void untilTheTokenIsFilledInNothingIsSealed() {
    CredentialSharing.Sharing shared =
        share(
            mesh.mesh(Map.of(), Map.of()),
            List.of(ReaderTokenSecrets.next(ME, NOW, Duration.ofDays(7))));

    assertThat(shared.sealed()).isEmpty();
    assertThat(shared.condition().orElseThrow())
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.FALSE, CredentialSharing.WAITING_FOR_TOKEN);
  }

  @Test
  void withoutACaBundleNoKubeconfigIsMadeAndTheConditionSaysWhy() {
    CredentialSharing.Sharing shared =
        share(mesh.mesh(Map.of(), Map.of()), List.of(filled(Optional.empty())));

    assertThat(shared.sealed()).isEmpty();
    assertThat(shared.condition().orElseThrow())
        .extracting(Condition::reason)
        .isEqualTo(CredentialSharing.KUBECONFIG_INVALID);
  }

  @Test
  void withoutAnAddressPeersCanReachNoCredentialIsSharedAndTheConditionNamesTheSetting() {
    MeshState state = mesh.mesh(Map.of(), Map.of());
    TreeMap<String, MemberPlan> members = new TreeMap<>(state.members());
    MemberPlan mine = members.get(ME);
    members.put(
        ME,
        new MemberPlan(
            mine.role(),
            mine.network(),
            null,
            null,
            false,
            null,
            mine.remoteSecretPeers(),
            mine.recipientPublicKey(),
            null,
            null));
    MeshState unknown =
        new MeshState(
            state.meshId(), state.revision(), state.istioVersion(), state.meshNetworks(), members);

    CredentialSharing.Sharing shared =
        sharing.share(
            mesh.topology(unknown),
            List.of(filled(Optional.of(TwoPrimaries.API_CA))),
            true,
            null,
            Optional.empty(),
            NOW);

    assertThat(shared.sealed()).isEmpty();
    assertThat(shared.condition().orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.reason()).isEqualTo(CredentialSharing.API_SERVER_URL_UNKNOWN);
              assertThat(c.message()).contains("MESHFED_AGENT_API_SERVER_URL");
            });
  }

  @Test
  void aClusterNoOneHoldsTheSecretOfSharesNothingAndRevokesItsTokens() throws Exception {
    MeshState state = mesh.mesh(Map.of(), Map.of());
    TreeMap<String, MemberPlan> members = new TreeMap<>(state.members());
    MemberPlan peer = members.get(PEER);
    members.put(
        PEER,
        new MemberPlan(
            peer.role(), peer.network(), null, null, false, peer.apiServerUrl(), List.of()));
    MeshState alone =
        new MeshState(state.meshId(), 4, state.istioVersion(), new TreeMap<>(), members);
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));

    CredentialSharing.Sharing shared = share(alone, List.of(token));

    assertThat(shared.condition()).isEmpty();
    assertThat(shared.tokens().keep()).isEmpty();
    assertThat(shared.tokens().revoked()).containsExactly(token);
  }

  @Test
  void theApiServerTlsNameOfTheDesiredMembershipIsTheKubeconfigsTlsServerName() throws Exception {
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));
    MeshState state = mesh.mesh(Map.of(), Map.of());
    MemberTopology topology =
        mesh.topology(state, TwoPrimaries.desired(TwoPrimaries.MY_API, "kubernetes.default.svc"));

    CredentialSharing.Sharing shared =
        sharing.share(topology, List.of(token), true, null, Optional.empty(), NOW);

    String kubeconfig = opened(shared.sealed().get(PEER));
    assertThat(kubeconfig).contains("tls-server-name: \"kubernetes.default.svc\"");
    io.fabric8.kubernetes.api.model.Config parsed =
        KubeConfigUtils.parseConfigFromString(kubeconfig);
    assertThat(parsed.getClusters())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getName()).isEqualTo(ME);
              assertThat(c.getCluster().getServer()).isEqualTo(TwoPrimaries.MY_API);
              assertThat(c.getCluster().getTlsServerName()).isEqualTo("kubernetes.default.svc");
            });
    assertThat(Config.fromKubeconfig(kubeconfig).getMasterUrl()).startsWith(TwoPrimaries.MY_API);
    assertThat(shared.condition().orElseThrow().reason()).isEqualTo(CredentialSharing.SEALED);
  }

  @Test
  void aTlsNameWithoutAnUrlOverrideGoesWithTheReportedUrl() throws Exception {
    MeshState state = mesh.mesh(Map.of(), Map.of());
    MemberTopology topology = mesh.topology(state, TwoPrimaries.desired(null, "kubernetes"));

    CredentialSharing.Sharing shared =
        sharing.share(
            topology,
            List.of(filled(Optional.of(TwoPrimaries.API_CA))),
            true,
            TwoPrimaries.MY_API,
            Optional.empty(),
            NOW);

    io.fabric8.kubernetes.api.model.Cluster cluster =
        KubeConfigUtils.parseConfigFromString(opened(shared.sealed().get(PEER)))
            .getClusters()
            .get(0)
            .getCluster();
    assertThat(cluster.getServer()).isEqualTo(TwoPrimaries.MY_API);
    assertThat(cluster.getTlsServerName()).isEqualTo("kubernetes");
  }

  @Test
  void withoutATlsNameTheKubeconfigHasNone() throws Exception {
    CredentialSharing.Sharing shared =
        share(mesh.mesh(Map.of(), Map.of()), List.of(filled(Optional.of(TwoPrimaries.API_CA))));

    String kubeconfig = opened(shared.sealed().get(PEER));
    assertThat(kubeconfig).doesNotContain("tls-server-name");
    assertThat(
            KubeConfigUtils.parseConfigFromString(kubeconfig)
                .getClusters()
                .get(0)
                .getCluster()
                .getTlsServerName())
        .isNull();
  }

  @Test
  void aNewTlsNameIsSealedAgainUnderTheSameCredential() throws Exception {
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));
    MeshState state = mesh.mesh(Map.of(), Map.of());

    SealedCredential before = share(state, List.of(token)).sealed().get(PEER);
    SealedCredential after =
        sharing
            .share(
                mesh.topology(
                    state, TwoPrimaries.desired(TwoPrimaries.MY_API, "kubernetes.default.svc")),
                List.of(token),
                true,
                TwoPrimaries.MY_API,
                Optional.empty(),
                NOW)
            .sealed()
            .get(PEER);

    assertThat(after.credentialId()).isEqualTo(before.credentialId());
    assertThat(after.ciphertext()).isNotEqualTo(before.ciphertext());
    assertThat(opened(after)).contains("tls-server-name: \"kubernetes.default.svc\"");
  }

  @Test
  void aTlsNameThatIsNoDnsNameMakesNoKubeconfigAndTheConditionNamesIt() {
    MeshState state = mesh.mesh(Map.of(), Map.of());
    MemberTopology topology =
        mesh.topology(state, TwoPrimaries.desired(TwoPrimaries.MY_API, "*.default.svc"));

    CredentialSharing.Sharing shared =
        sharing.share(
            topology,
            List.of(filled(Optional.of(TwoPrimaries.API_CA))),
            true,
            TwoPrimaries.MY_API,
            Optional.empty(),
            NOW);

    assertThat(shared.sealed()).isEmpty();
    assertThat(shared.condition().orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(Condition.FALSE);
              assertThat(c.reason()).isEqualTo(CredentialSharing.KUBECONFIG_INVALID);
              assertThat(c.message()).contains("tlsServerName '*.default.svc' is not a DNS name");
            });
  }

  private String opened(SealedCredential sealed) throws Exception {
    return new String(
        CredentialOpener.open(
            mesh.peerKeys, sealed.ciphertext(), SealContext.remoteSecret(ME, PEER)),
        StandardCharsets.UTF_8);
  }

  private CredentialSharing.Sharing share(MeshState state, List<ReaderToken> tokens) {
    MemberTopology topology = mesh.topology(state);
    return sharing.share(topology, tokens, true, TwoPrimaries.MY_API, Optional.empty(), NOW);
  }

  private static ReaderToken filled(Optional<String> ca) {
    ReaderToken next = ReaderTokenSecrets.next(ME, NOW.minusSeconds(60), Duration.ofDays(7));
    return new ReaderToken(
        next.name(),
        next.credentialId(),
        next.createdAt(),
        next.expiresAt(),
        Optional.of(TOKEN),
        ca);
  }
}
