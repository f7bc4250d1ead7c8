package io.meshfed.hub.plan;

import static io.meshfed.hub.support.Meshes.T0;
import static io.meshfed.hub.support.Meshes.applyAll;
import static io.meshfed.hub.support.Meshes.declared;
import static io.meshfed.hub.support.Meshes.primary;
import static io.meshfed.hub.support.Meshes.remote;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.SealedCredential;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.hub.intake.StatusIntake;
import io.meshfed.hub.registry.Convergence;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.OwnPlan;
import io.meshfed.hub.request.Accepted;
import io.meshfed.hub.request.Decision;
import io.meshfed.hub.request.RequestDecider;
import io.meshfed.hub.support.StatusEdit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The hub routes what it cannot read: each primary's recipient key goes into the mesh record, each
 * member's sealed credential into its own credential record, for the primaries that hold its remote
 * secret; a credential costs its sender's credential record only, never a mesh record.
 */
class CredentialRoutingTest {

  private static CredentialEnvelope envelope(String id, String... recipients) {
    TreeMap<String, String> wrapped = new TreeMap<>();
    for (String r : recipients) {
      wrapped.put(r, "d3JhcHBlZC1mb3It" + r);
    }
    return new CredentialEnvelope("remote-secret", id, null, "Y2lwaGVydGV4dA==", wrapped);
  }

  private static ClusterStatus status(
      String cluster, String recipientKey, CredentialEnvelope shared, Map<String, String> applied) {
    return new ClusterStatus(
        "m",
        cluster,
        Phase.READY,
        List.of(),
        1,
        1,
        List.of(),
        "t",
        List.of(),
        "https://" + cluster + ":6443",
        T0,
        null,
        null,
        null,
        recipientKey,
        null,
        null,
        shared,
        shared == null ? null : shared.credentialId(),
        applied == null ? null : AppliedCredentials.digest(applied),
        applied == null ? null : applied.size());
  }

  private static String key(String cluster) {
    return java.util.Base64.getEncoder()
        .encodeToString(("key-of-" + cluster).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** a and b are primaries, r is a's remote. */
  private static MeshRegistry mesh() {
    return applyAll(
        declared("m"),
        primary("m", "a", "n1"),
        primary("m", "b", "n2"),
        remote("m", "r", "n3", "a"));
  }

  /** The mesh with every member's first report in: its key, its API server, no credential yet. */
  private static MeshRegistry reported(MeshRegistry r) {
    for (String c : List.of("a", "b", "r")) {
      r = StatusIntake.apply(r, status(c, key(c), null, null), T0).changes().next();
    }
    return r;
  }

  @Test
  void everyMembersCredentialIsRoutedToEveryOtherPrimaryIncludingAnotherPrimarysRemotes() {
    MeshRegistry r = reported(mesh());
    for (String c : List.of("a", "b", "r")) {
      r =
          StatusIntake.apply(r, status(c, key(c), envelope(c + "-1", "a", "b"), null), T0)
              .changes()
              .next();
    }

    assertThat(r.credential("r").orElseThrow().credential().recipients())
        .as("b reads a's remote r too: istiod discovers endpoints only in clusters it reads")
        .containsOnlyKeys("a", "b");
    assertThat(r.credential("a").orElseThrow().credential().recipients()).containsOnlyKeys("b");
    assertThat(r.credential("b").orElseThrow().credential().recipients()).containsOnlyKeys("a");
    assertThat(r.member("a").orElseThrow().plan())
        .as("the desired records carry no peers, only whether a primary serves remotes")
        .isEqualTo(new OwnPlan(true));
    assertThat(r.member("b").orElseThrow().plan()).isEqualTo(new OwnPlan(false));
  }

  @Test
  void aPrimarysRecipientKeyGoesIntoTheMeshRecordAndARemotesNowhere() {
    MeshRegistry r = mesh();

    StatusIntake.Outcome primary = StatusIntake.apply(r, status("b", key("b"), null, null), T0);
    StatusIntake.Outcome remote =
        StatusIntake.apply(primary.changes().next(), status("r", key("r"), null, null), T0);

    assertThat(primary.changes().meshRecords())
        .singleElement()
        .satisfies(
            m -> assertThat(m.primaries().get("b")).isEqualTo(new MeshPrimary(null, key("b"))));
    assertThat(primary.changes().desired()).isEmpty();
    assertThat(primary.changes().credentials())
        .as("b's first report brings its API server, which a needs")
        .extracting(SharedCredential::sender, SharedCredential::apiServerUrl)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "https://b:6443"));
    assertThat(remote.changes().meshRecords()).as("a remote is nobody's recipient").isEmpty();
    assertThat(remote.changes().credentials())
        .extracting(SharedCredential::sender)
        .containsExactly("r");
  }

  @Test
  void reportedEnvelopeGoesIntoTheSendersCredentialRecordForItsRecipientsOnly() {
    MeshRegistry r = reported(mesh());

    StatusIntake.Outcome outcome =
        StatusIntake.apply(r, status("r", key("r"), envelope("r-1", "a", "b", "nobody"), null), T0);

    assertThat(outcome.changes().desired()).isEmpty();
    assertThat(outcome.changes().meshRecords()).isEmpty();
    assertThat(outcome.changes().credentials())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.sender()).isEqualTo("r");
              assertThat(c.meshId()).isEqualTo("m");
              assertThat(c.apiServerUrl()).isEqualTo("https://r:6443");
              assertThat(c.credential().credentialId()).isEqualTo("r-1");
              assertThat(c.credential().recipients())
                  .as("both primaries hold r's remote secret, nobody else")
                  .containsOnlyKeys("a", "b");
              assertThat(c.revision()).isEqualTo(r.credential("r").orElseThrow().revision() + 1);
            });
  }

  @Test
  void sameCredentialAgainWritesNothingAndARotationWritesOnlyTheSendersCredentialRecord() {
    MeshRegistry r = reported(mesh());
    ClusterStatus first = status("a", key("a"), envelope("a-1", "b"), null);
    r = StatusIntake.apply(r, first, T0).changes().next();
    long revision = r.credential("a").orElseThrow().revision();

    StatusIntake.Outcome heartbeat = StatusIntake.apply(r, first, T0.plusSeconds(30));
    StatusIntake.Outcome rotation =
        StatusIntake.apply(r, status("a", key("a"), envelope("a-2", "b", "r"), null), T0);

    assertThat(heartbeat.changes().isEmpty()).isTrue();
    assertThat(rotation.changes().desired()).isEmpty();
    assertThat(rotation.changes().meshRecords()).isEmpty();
    assertThat(rotation.changes().events()).isEmpty();
    assertThat(rotation.changes().credentials())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.revision()).isEqualTo(revision + 1);
              assertThat(c.credential().credentialId()).isEqualTo("a-2");
              assertThat(c.credential().recipients())
                  .as("a remote holds no remote secrets, so only b gets a's credential")
                  .containsOnlyKeys("b");
            });
  }

  private static MeshRegistry take(MeshRegistry r, ClusterStatus s) {
    return StatusIntake.apply(r, s, T0).changes().next();
  }

  /** The mesh after b and r shared credentials sealed for a (b's for c too, should it join). */
  private static MeshRegistry shared() {
    MeshRegistry r = reported(mesh());
    r = take(r, status("b", key("b"), envelope("b-2", "a"), null));
    return take(r, status("r", key("r"), envelope("r-1", "a", "b"), null));
  }

  @Test
  void aPrimarysDigestOfWhatTheHubRoutesToItReachesTheSendersAppliedByAndNoMeshRecord() {
    MeshRegistry r = shared();

    StatusIntake.Outcome outcome =
        StatusIntake.apply(r, status("a", key("a"), null, Map.of("b", "b-2", "r", "r-1")), T0);

    assertThat(outcome.changes().desired()).isEmpty();
    assertThat(outcome.changes().meshRecords()).isEmpty();
    assertThat(outcome.changes().credentials())
        .as("b and r learn that a applied their newest credentials, and may revoke older ones")
        .extracting(SharedCredential::sender, SharedCredential::appliedBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("b", new TreeMap<>(Map.of("a", "b-2"))),
            org.assertj.core.groups.Tuple.tuple("r", new TreeMap<>(Map.of("a", "r-1"))));
  }

  @Test
  void aDigestOfSomethingElseKeepsWhatThePrimaryConfirmedBefore() {
    MeshRegistry r = take(shared(), status("a", key("a"), null, Map.of("b", "b-2", "r", "r-1")));
    // r rotates; a still holds r-1.
    r = take(r, status("r", key("r"), envelope("r-2", "a", "b"), null));
    assertThat(r.credential("r").orElseThrow().appliedBy()).containsExactly(Map.entry("a", "r-1"));

    StatusIntake.Outcome stillOld =
        StatusIntake.apply(r, status("a", key("a"), null, Map.of("b", "b-2", "r", "r-1")), T0);
    StatusIntake.Outcome partly =
        StatusIntake.apply(r, status("a", key("a"), null, Map.of("r", "r-2")), T0);
    StatusIntake.Outcome unknown =
        StatusIntake.apply(r, status("a", key("a"), null, Map.of("b", "b-2", "r", "r-9")), T0);
    StatusIntake.Outcome applied =
        StatusIntake.apply(r, status("a", key("a"), null, Map.of("b", "b-2", "r", "r-2")), T0);

    assertThat(stillOld.changes().isEmpty()).isTrue();
    assertThat(partly.changes().isEmpty()).as("b's credential is missing from it").isTrue();
    assertThat(unknown.changes().isEmpty()).isTrue();
    assertThat(unknown.changes().next().credential("r").orElseThrow().appliedBy())
        .containsExactly(Map.entry("a", "r-1"));
    assertThat(applied.changes().credentials())
        .extracting(SharedCredential::sender, SharedCredential::appliedBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("r", new TreeMap<>(Map.of("a", "r-2"))));
  }

  @Test
  void aConfirmedDigestWithoutASenderTakesThePrimaryOutOfThatSendersAppliedBy() {
    MeshRegistry r = take(shared(), status("a", key("a"), null, Map.of("b", "b-2", "r", "r-1")));
    // r seals its next credential for b alone (say a's recipient key was not known to it).
    r = take(r, status("r", key("r"), envelope("r-2", "b"), null));

    StatusIntake.Outcome outcome =
        StatusIntake.apply(r, status("a", key("a"), null, Map.of("b", "b-2")), T0);

    assertThat(outcome.changes().credentials())
        .as("a holds nothing of r's that the hub routes to it")
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.sender()).isEqualTo("r");
              assertThat(c.appliedBy()).isEmpty();
            });
  }

  /** The report at the member's current generation and the mesh's current revision. */
  private static ClusterStatus current(MeshRegistry r, ClusterStatus s) {
    return StatusEdit.of(s)
        .observed(r.member(s.clusterName()).orElseThrow().generation(), r.meshRevision(s.meshId()))
        .build();
  }

  @Test
  void aMeshConvergesOnlyOnceEveryPrimaryConfirmedEveryOtherMembersCurrentCredential() {
    MeshRegistry r = reported(mesh());
    for (String c : List.of("a", "b", "r")) {
      r = take(r, status(c, key(c), envelope(c + "-1", "a", "b"), null));
    }
    for (String c : List.of("a", "b", "r")) {
      r = take(r, current(r, status(c, key(c), null, null)));
    }
    assertThat(r.observed("r").orElseThrow().phase()).isEqualTo(Phase.READY);
    assertThat(Convergence.converged(r, "m"))
        .as("every member Ready at its generation, but no primary confirmed a peer yet")
        .isFalse();

    r = take(r, current(r, status("a", key("a"), null, Map.of("b", "b-1", "r", "r-1"))));
    assertThat(Convergence.converged(r, "m")).as("b has not applied a's and r's").isFalse();

    r = take(r, current(r, status("b", key("b"), null, Map.of("a", "a-1", "r", "r-1"))));
    assertThat(Convergence.converged(r, "m")).isTrue();

    // r rotates: a and b still read it with r-1 until they confirm r-2.
    r = take(r, current(r, status("r", key("r"), envelope("r-2", "a", "b"), null)));
    assertThat(Convergence.converged(r, "m")).isFalse();
    r = take(r, current(r, status("a", key("a"), null, Map.of("b", "b-1", "r", "r-2"))));
    r = take(r, current(r, status("b", key("b"), null, Map.of("a", "a-1", "r", "r-2"))));
    assertThat(Convergence.converged(r, "m")).isTrue();
  }

  /** The report as an agent sends it once its record carries its envelope: the id alone. */
  private static ClusterStatus withoutEnvelope(ClusterStatus s, String sharedCredentialId) {
    return StatusEdit.of(s).shared(null, sharedCredentialId).build();
  }

  @Test
  void aReportWithoutItsEnvelopeKeepsTheRoutedOneAndOneNamingAnotherIdIsCounted() {
    MeshRegistry r = shared();
    SharedCredential routed = r.credential("r").orElseThrow();

    StatusIntake.BatchOutcome same =
        StatusIntake.applyAll(
            r,
            List.of(
                new StatusIntake.Report(
                    withoutEnvelope(status("r", key("r"), null, null), "r-1"), T0, null)));
    StatusIntake.BatchOutcome other =
        StatusIntake.applyAll(
            r,
            List.of(
                new StatusIntake.Report(
                    withoutEnvelope(status("r", key("r"), null, null), "r-2"), T0, null)));
    StatusIntake.BatchOutcome none =
        StatusIntake.applyAll(
            r,
            List.of(
                new StatusIntake.Report(
                    withoutEnvelope(status("r", key("r"), null, null), null), T0, null)));

    assertThat(same.changes().isEmpty()).isTrue();
    assertThat(same.taken().get(0).credentialNotSent()).isFalse();
    assertThat(other.changes().isEmpty()).as("r-1 is still what the hub routes").isTrue();
    assertThat(other.changes().next().credential("r")).contains(routed);
    assertThat(other.taken().get(0).credentialNotSent()).isTrue();
    assertThat(none.changes().isEmpty()).isTrue();
    assertThat(none.taken().get(0).credentialNotSent()).isFalse();

    // The agent sends the new envelope, since its record does not carry it.
    StatusIntake.Outcome sent =
        StatusIntake.apply(
            other.changes().next(), status("r", key("r"), envelope("r-2", "a", "b"), null), T0);
    assertThat(sent.changes().credentials())
        .singleElement()
        .satisfies(c -> assertThat(c.credential().credentialId()).isEqualTo("r-2"));
  }

  @Test
  void theLegacyPerRecipientCredentialsAndAppliedListAreIgnored() {
    MeshRegistry r = shared();
    ClusterStatus s = status("a", key("a"), null, null);
    ClusterStatus legacy =
        new ClusterStatus(
            s.meshId(),
            s.clusterName(),
            s.phase(),
            s.conditions(),
            s.observedGeneration(),
            s.observedMeshRevision(),
            s.eastWestAddresses(),
            s.agentVersion(),
            s.localities(),
            s.apiServerUrl(),
            s.reportedAt(),
            null,
            null,
            null,
            s.recipientPublicKey(),
            new TreeMap<>(
                Map.of(
                    "b",
                    new SealedCredential(SealedCredential.REMOTE_SECRET, "a-1", "QUJDRA==", null))),
            new TreeMap<>(Map.of("b", "b-2", "r", "r-1")));

    assertThat(StatusIntake.apply(r, legacy, T0).changes().isEmpty()).isTrue();
  }

  @Test
  void aMemberThatLeavesHasItsCredentialRecordDeletedAndNamesNoMoreRecipient() {
    MeshRegistry r =
        reported(
            applyAll(
                declared("m"),
                primary("m", "a", "n1"),
                primary("m", "b", "n2"),
                primary("m", "c", "n2"),
                remote("m", "r", "n3", "a")));
    r =
        StatusIntake.apply(r, status("b", key("b"), envelope("b-1", "a", "c"), null), T0)
            .changes()
            .next();
    r =
        StatusIntake.apply(r, status("a", key("a"), envelope("a-1", "b", "c"), null), T0)
            .changes()
            .next();
    r =
        StatusIntake.apply(r, status("c", key("c"), null, Map.of("a", "a-1", "b", "b-1")), T0)
            .changes()
            .next();
    assertThat(r.credential("b").orElseThrow().appliedBy()).containsExactly(Map.entry("c", "b-1"));

    Decision d = RequestDecider.decide(r, new LeaveCluster("m", "b"), "leave-b", null);
    Changes leave = ((Accepted) d).changes();

    assertThat(leave.tombstones()).containsExactly("b");
    assertThat(leave.credentialTombstones()).containsExactly("b");
    assertThat(leave.next().credential("b")).isEmpty();
    assertThat(leave.credentials())
        .as("a's credential is sealed for c alone now")
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.sender()).isEqualTo("a");
              assertThat(c.credential().recipients()).containsOnlyKeys("c");
            });
    assertThat(leave.meshRecords())
        .singleElement()
        .satisfies(m -> assertThat(m.primaries()).containsOnlyKeys("a", "c"));
    assertThat(leave.desired())
        .as("a and c delete b's remote secret when b's credential record is deleted")
        .isEmpty();
  }

  @Test
  void aSoleSenderWithoutRecipientsHasNoCredentialRecord() {
    MeshRegistry r =
        reported(applyAll(declared("m"), primary("m", "a", "n1"), remote("m", "r", "n2", "a")));

    assertThat(r.credential("a")).as("a is the only primary: nobody holds its secret").isEmpty();
    assertThat(r.credential("r")).isPresent();
  }
}
