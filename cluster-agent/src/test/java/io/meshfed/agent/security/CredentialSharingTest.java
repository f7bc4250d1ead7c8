package io.meshfed.agent.security;

import static io.meshfed.agent.security.TwoPrimaries.ME;
import static io.meshfed.agent.security.TwoPrimaries.PEER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.meshfed.agent.model.MemberTopology;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.ca.RenewalPolicy;
import io.meshfed.security.kubeconfig.ClearTextScanner;
import io.meshfed.security.seal.RecipientKeys;
import io.meshfed.security.seal.SealContext;
import io.meshfed.security.seal.SealedEnvelope;
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

    CredentialSharing.Sharing shared = share(mesh.mesh(), List.of(token));

    CredentialEnvelope sealed = shared.shared().orElseThrow();
    assertThat(sealed.recipients()).containsOnlyKeys(PEER);
    assertThat(sealed.purpose()).isEqualTo(SealContext.REMOTE_SECRET);
    assertThat(sealed.credentialId()).isEqualTo(token.credentialId());
    assertThat(sealed.expiresAt()).isEqualTo(token.expiresAt());
    assertThat(ClearTextScanner.scan(sealed.ciphertext())).isEmpty();
    Config config = Config.fromKubeconfig(opened(sealed));
    assertThat(config.getMasterUrl()).startsWith(TwoPrimaries.MY_API);
    assertThat(config.getAutoOAuthToken()).isEqualTo(TOKEN);
    assertThat(config.getCurrentContext().getName()).isEqualTo(ME);
    assertThat(shared.condition().orElseThrow())
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.TRUE, CredentialSharing.SEALED);
  }

  @Test
  void oneEnvelopeCarriesTheCredentialOnceForEveryOtherPrimaryOfTheMeshRecord() throws Exception {
    RecipientKeys third = RecipientKeys.generate();
    MeshRecord three = withPrimary(mesh.mesh(), "cluster3", third.publicKeyset());

    CredentialEnvelope sealed =
        share(three, List.of(filled(Optional.of(TwoPrimaries.API_CA)))).shared().orElseThrow();

    assertThat(sealed.recipients()).containsOnlyKeys(PEER, "cluster3");
    String forPeer = opened(sealed);
    String forThird =
        new String(
            new SealedEnvelope(sealed.ciphertext(), sealed.recipients())
                .open(third, ME, "cluster3", SealContext.REMOTE_SECRET, sealed.credentialId()),
            StandardCharsets.UTF_8);
    assertThat(forThird).isEqualTo(forPeer).contains(TOKEN);
  }

  @Test
  void theSameCredentialIsNotSealedAgainOnTheNextReconcile() {
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));

    CredentialEnvelope first = share(mesh.mesh(), List.of(token)).shared().orElseThrow();
    CredentialEnvelope second = share(mesh.mesh(), List.of(token)).shared().orElseThrow();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void aNewRecipientOrANewKeyGetsTheSameCredentialWrappedWithoutTouchingTheOthers() {
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));
    CredentialEnvelope before = share(mesh.mesh(), List.of(token)).shared().orElseThrow();

    CredentialEnvelope withThird =
        share(
                withPrimary(mesh.mesh(), "cluster3", RecipientKeys.generate().publicKeyset()),
                List.of(token))
            .shared()
            .orElseThrow();
    CredentialEnvelope newKey =
        share(mesh.mesh(RecipientKeys.generate().publicKeyset()), List.of(token))
            .shared()
            .orElseThrow();

    assertThat(withThird.credentialId()).isEqualTo(before.credentialId());
    assertThat(withThird.recipients()).containsOnlyKeys(PEER, "cluster3");
    assertThat(withThird.ciphertext())
        .as("the body is sealed once per credential")
        .isEqualTo(before.ciphertext());
    assertThat(withThird.recipients().get(PEER))
        .as("a recipient already served keeps its wrapped key")
        .isEqualTo(before.recipients().get(PEER));
    assertThat(newKey.credentialId()).isEqualTo(before.credentialId());
    assertThat(newKey.recipients().get(PEER)).isNotEqualTo(before.recipients().get(PEER));
  }

  @Test
  void theEnvelopeOpensForNoOtherRecipientSenderOrPurpose() {
    CredentialEnvelope sealed =
        share(mesh.mesh(), List.of(filled(Optional.of(TwoPrimaries.API_CA))))
            .shared()
            .orElseThrow();
    SealedEnvelope envelope = new SealedEnvelope(sealed.ciphertext(), sealed.recipients());

    assertThatThrownBy(
            () ->
                envelope.open(
                    mesh.myKeys, ME, ME, SealContext.REMOTE_SECRET, sealed.credentialId()))
        .isInstanceOfSatisfying(
            MaterialRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo("NotARecipient"));
    assertThatThrownBy(
            () ->
                envelope.open(
                    mesh.peerKeys, PEER, PEER, SealContext.REMOTE_SECRET, sealed.credentialId()))
        .isInstanceOf(MaterialRejectedException.class);
    assertThatThrownBy(
            () -> envelope.open(mesh.peerKeys, ME, PEER, "other-purpose", sealed.credentialId()))
        .isInstanceOf(MaterialRejectedException.class);
  }

  @Test
  void aRecipientWithoutAKeyIsWaitedFor() {
    CredentialSharing.Sharing shared =
        share(mesh.mesh(null), List.of(filled(Optional.of(TwoPrimaries.API_CA))));

    assertThat(shared.shared()).isEmpty();
    assertThat(shared.condition().orElseThrow())
        .extracting(Condition::reason, Condition::message)
        .containsExactly(
            CredentialSharing.WAITING_FOR_RECIPIENT_KEY,
            "waiting for the recipient keys of " + PEER);
  }

  @Test
  void aRecipientKeyThatCannotBeSealedToIsNamedAndTheOthersStillGetTheCredential() {
    MeshRecord withBadKey = withPrimary(mesh.mesh(), "cluster3", "bm90IGEga2V5c2V0");

    CredentialSharing.Sharing shared =
        share(withBadKey, List.of(filled(Optional.of(TwoPrimaries.API_CA))));

    assertThat(shared.shared().orElseThrow().recipients()).containsOnlyKeys(PEER);
    assertThat(shared.condition().orElseThrow())
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.FALSE, CredentialSharing.RECIPIENT_KEY_INVALID);
    assertThat(shared.condition().orElseThrow().message()).contains("cluster3");
  }

  @Test
  void untilTheTokenIsFilledInNothingIsSealed() {
    CredentialSharing.Sharing shared =
        share(mesh.mesh(), List.of(ReaderTokenSecrets.next(ME, NOW, Duration.ofDays(7))));

    assertThat(shared.shared()).isEmpty();
    assertThat(shared.condition().orElseThrow())
        .extracting(Condition::status, Condition::reason)
        .containsExactly(Condition.FALSE, CredentialSharing.WAITING_FOR_TOKEN);
  }

  @Test
  void withoutACaBundleNoKubeconfigIsMadeAndTheConditionSaysWhy() {
    CredentialSharing.Sharing shared = share(mesh.mesh(), List.of(filled(Optional.empty())));

    assertThat(shared.shared()).isEmpty();
    assertThat(shared.condition().orElseThrow())
        .extracting(Condition::reason)
        .isEqualTo(CredentialSharing.KUBECONFIG_INVALID);
  }

  @Test
  void withoutAnAddressPeersCanReachNoCredentialIsSharedAndTheConditionNamesTheSetting() {
    CredentialSharing.Sharing shared =
        sharing.share(
            mesh.topology(mesh.mesh()),
            Optional.empty(),
            List.of(filled(Optional.of(TwoPrimaries.API_CA))),
            true,
            null,
            Optional.empty(),
            NOW);

    assertThat(shared.shared()).isEmpty();
    assertThat(shared.condition().orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.reason()).isEqualTo(CredentialSharing.API_SERVER_URL_UNKNOWN);
              assertThat(c.message()).contains("MESHFED_AGENT_API_SERVER_URL");
            });
  }

  @Test
  void theJoinsApiServerUrlGoesBeforeTheReportedOne() throws Exception {
    String override = "https://cluster1.clusterset.example:6443";
    MemberTopology topology = mesh.topology(mesh.mesh(), TwoPrimaries.desired(override, null));

    CredentialSharing.Sharing shared =
        sharing.share(
            topology,
            Optional.empty(),
            List.of(filled(Optional.of(TwoPrimaries.API_CA))),
            true,
            TwoPrimaries.MY_API,
            Optional.empty(),
            NOW);

    assertThat(Config.fromKubeconfig(opened(shared.shared().orElseThrow())).getMasterUrl())
        .startsWith(override);
  }

  @Test
  void aClusterNoOneHoldsTheSecretOfSharesNothingAndRevokesItsTokens() {
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));

    CredentialSharing.Sharing shared = share(mesh.meshAlone(), List.of(token));

    assertThat(shared.condition()).isEmpty();
    assertThat(shared.shared()).isEmpty();
    assertThat(shared.tokens().keep()).isEmpty();
    assertThat(shared.tokens().revoked()).containsExactly(token);
  }

  @Test
  void beforeTheMeshRecordNothingIsMintedRevokedOrShared() throws Exception {
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));
    MemberTopology topology = MemberTopology.of(TwoPrimaries.desired(), Optional.empty());

    CredentialSharing.Sharing shared =
        sharing.share(
            topology,
            Optional.empty(),
            List.of(token),
            true,
            TwoPrimaries.MY_API,
            Optional.empty(),
            NOW);

    assertThat(shared.tokens().keep()).containsExactly(token);
    assertThat(shared.tokens().revoked()).isEmpty();
    assertThat(shared.shared()).isEmpty();
  }

  @Test
  void theOlderTokenIsRevokedOnceEveryRecipientsAppliedByInItsOwnRecordNamesTheNewest() {
    Duration lifetime = Duration.ofDays(7);
    ReaderToken older =
        filled(ReaderTokenSecrets.next(ME, NOW.minus(Duration.ofDays(4)), lifetime));
    ReaderToken newer = filled(ReaderTokenSecrets.next(ME, NOW.minusSeconds(60), lifetime));
    MeshRecord three =
        withPrimary(mesh.mesh(), "cluster3", RecipientKeys.generate().publicKeyset());

    ReaderTokenPlan waiting =
        share(
                three,
                Optional.of(
                    TwoPrimaries.myRecord(
                        Map.of(PEER, newer.credentialId(), "cluster3", older.credentialId()))),
                List.of(older, newer))
            .tokens();
    ReaderTokenPlan movedOn =
        share(
                three,
                Optional.of(
                    TwoPrimaries.myRecord(
                        Map.of(PEER, newer.credentialId(), "cluster3", newer.credentialId()))),
                List.of(older, newer))
            .tokens();
    ReaderTokenPlan noRecord = share(three, Optional.empty(), List.of(older, newer)).tokens();
    ReaderTokenPlan otherMesh =
        share(
                three,
                Optional.of(
                    new SharedCredential(
                        "mesh9",
                        ME,
                        1,
                        null,
                        null,
                        new TreeMap<>(
                            Map.of(PEER, newer.credentialId(), "cluster3", newer.credentialId())))),
                List.of(older, newer))
            .tokens();

    assertThat(waiting.revoked()).isEmpty();
    assertThat(movedOn.revoked()).containsExactly(older);
    assertThat(movedOn.keep()).extracting(ReaderToken::name).containsExactly(newer.name());
    assertThat(movedOn.keep().get(0).sealedFor())
        .as("the Secret remembers who the token was sealed for")
        .containsExactlyInAnyOrder("cluster3", PEER);
    assertThat(noRecord.revoked()).isEmpty();
    assertThat(otherMesh.revoked()).as("a record of another mesh says nothing").isEmpty();
  }

  @Test
  void theApiServerTlsNameOfTheDesiredMembershipIsTheKubeconfigsTlsServerName() throws Exception {
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));
    MemberTopology topology =
        mesh.topology(
            mesh.mesh(), TwoPrimaries.desired(TwoPrimaries.MY_API, "kubernetes.default.svc"));

    CredentialSharing.Sharing shared =
        sharing.share(
            topology, Optional.empty(), List.of(token), true, null, Optional.empty(), NOW);

    String kubeconfig = opened(shared.shared().orElseThrow());
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
    MemberTopology topology = mesh.topology(mesh.mesh(), TwoPrimaries.desired(null, "kubernetes"));

    CredentialSharing.Sharing shared =
        sharing.share(
            topology,
            Optional.empty(),
            List.of(filled(Optional.of(TwoPrimaries.API_CA))),
            true,
            TwoPrimaries.MY_API,
            Optional.empty(),
            NOW);

    io.fabric8.kubernetes.api.model.Cluster cluster =
        KubeConfigUtils.parseConfigFromString(opened(shared.shared().orElseThrow()))
            .getClusters()
            .get(0)
            .getCluster();
    assertThat(cluster.getServer()).isEqualTo(TwoPrimaries.MY_API);
    assertThat(cluster.getTlsServerName()).isEqualTo("kubernetes");
  }

  @Test
  void withoutATlsNameTheKubeconfigHasNone() throws Exception {
    CredentialSharing.Sharing shared =
        share(mesh.mesh(), List.of(filled(Optional.of(TwoPrimaries.API_CA))));

    String kubeconfig = opened(shared.shared().orElseThrow());
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

    CredentialEnvelope before = share(mesh.mesh(), List.of(token)).shared().orElseThrow();
    CredentialEnvelope after =
        sharing
            .share(
                mesh.topology(
                    mesh.mesh(),
                    TwoPrimaries.desired(TwoPrimaries.MY_API, "kubernetes.default.svc")),
                Optional.empty(),
                List.of(token),
                true,
                TwoPrimaries.MY_API,
                Optional.empty(),
                NOW)
            .shared()
            .orElseThrow();

    assertThat(after.credentialId()).isEqualTo(before.credentialId());
    assertThat(after.ciphertext()).isNotEqualTo(before.ciphertext());
    assertThat(opened(after)).contains("tls-server-name: \"kubernetes.default.svc\"");
  }

  @Test
  void aTlsNameThatIsNoDnsNameMakesNoKubeconfigAndTheConditionNamesIt() {
    MemberTopology topology =
        mesh.topology(mesh.mesh(), TwoPrimaries.desired(TwoPrimaries.MY_API, "*.default.svc"));

    CredentialSharing.Sharing shared =
        sharing.share(
            topology,
            Optional.empty(),
            List.of(filled(Optional.of(TwoPrimaries.API_CA))),
            true,
            TwoPrimaries.MY_API,
            Optional.empty(),
            NOW);

    assertThat(shared.shared()).isEmpty();
    assertThat(shared.condition().orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(Condition.FALSE);
              assertThat(c.reason()).isEqualTo(CredentialSharing.KUBECONFIG_INVALID);
              assertThat(c.message()).contains("tlsServerName '*.default.svc' is not a DNS name");
            });
  }

  @Test
  void theEnvelopeCountsAsRoutedOnlyWhileTheOwnRecordCarriesExactlyIt() {
    ReaderToken token = filled(Optional.of(TwoPrimaries.API_CA));
    CredentialEnvelope sealed = share(mesh.mesh(), List.of(token)).shared().orElseThrow();

    assertThat(share(mesh.mesh(), Optional.empty(), List.of(token)).routed())
        .as("no own record yet")
        .isFalse();
    assertThat(share(mesh.mesh(), Optional.of(own(null)), List.of(token)).routed())
        .as("a record without an envelope")
        .isFalse();
    CredentialSharing.Sharing carried =
        share(mesh.mesh(), Optional.of(own(sealed)), List.of(token));
    assertThat(carried.routed()).isTrue();
    assertThat(carried.shared()).contains(sealed);

    CredentialEnvelope otherCiphertext =
        new CredentialEnvelope(
            sealed.purpose(),
            sealed.credentialId(),
            sealed.expiresAt(),
            sealed.ciphertext().substring(1),
            sealed.recipients());
    CredentialEnvelope otherRecipients =
        new CredentialEnvelope(
            sealed.purpose(),
            sealed.credentialId(),
            sealed.expiresAt(),
            sealed.ciphertext(),
            new TreeMap<>(Map.of("cluster3", "a2V5")));
    CredentialEnvelope otherId =
        new CredentialEnvelope(
            sealed.purpose(),
            "cluster1-0",
            sealed.expiresAt(),
            sealed.ciphertext(),
            sealed.recipients());
    for (CredentialEnvelope away : List.of(otherCiphertext, otherRecipients, otherId)) {
      assertThat(share(mesh.mesh(), Optional.of(own(away)), List.of(token)).routed())
          .as("the record changed away from it: %s", away.credentialId())
          .isFalse();
    }
    assertThat(
            share(
                    mesh.mesh(),
                    Optional.of(
                        new SharedCredential(
                            "mesh9", ME, 2, TwoPrimaries.MY_API, sealed, new TreeMap<>())),
                    List.of(token))
                .routed())
        .as("a record of another mesh is not this membership's")
        .isFalse();

    // a new recipient: sealed again, and the record carries the old envelope only
    CredentialSharing.Sharing resealed =
        share(
            withPrimary(mesh.mesh(), "cluster3", RecipientKeys.generate().publicKeyset()),
            Optional.of(own(sealed)),
            List.of(token));
    assertThat(resealed.shared().orElseThrow()).isNotEqualTo(sealed);
    assertThat(resealed.routed()).isFalse();
  }

  private static SharedCredential own(CredentialEnvelope envelope) {
    return new SharedCredential(
        TwoPrimaries.MESH, ME, 2, TwoPrimaries.MY_API, envelope, new TreeMap<>());
  }

  /** The envelope opened as the peer. */
  private String opened(CredentialEnvelope sealed) throws Exception {
    return new String(
        new SealedEnvelope(sealed.ciphertext(), sealed.recipients())
            .open(mesh.peerKeys, ME, PEER, SealContext.REMOTE_SECRET, sealed.credentialId()),
        StandardCharsets.UTF_8);
  }

  private CredentialSharing.Sharing share(MeshRecord record, List<ReaderToken> tokens) {
    return share(record, Optional.empty(), tokens);
  }

  private CredentialSharing.Sharing share(
      MeshRecord record, Optional<SharedCredential> own, List<ReaderToken> tokens) {
    return sharing.share(
        mesh.topology(record), own, tokens, true, TwoPrimaries.MY_API, Optional.empty(), NOW);
  }

  private static MeshRecord withPrimary(MeshRecord record, String name, String key) {
    TreeMap<String, MeshPrimary> primaries = new TreeMap<>(record.primaries());
    primaries.put(name, new MeshPrimary(null, key));
    return new MeshRecord(
        record.meshId(),
        record.revision() + 1,
        record.istioVersion(),
        record.meshNetworks(),
        primaries,
        null,
        null,
        null);
  }

  private static ReaderToken filled(Optional<String> ca) {
    return filled(ReaderTokenSecrets.next(ME, NOW.minusSeconds(60), Duration.ofDays(7)), ca);
  }

  private static ReaderToken filled(ReaderToken next) {
    return filled(next, Optional.of(TwoPrimaries.API_CA));
  }

  private static ReaderToken filled(ReaderToken next, Optional<String> ca) {
    return new ReaderToken(
        next.name(),
        next.credentialId(),
        next.createdAt(),
        next.expiresAt(),
        Optional.of(TOKEN),
        ca);
  }
}
