package io.meshfed.hub.model;

import static io.meshfed.hub.model.Meshes.T0;
import static io.meshfed.hub.model.Meshes.applyAll;
import static io.meshfed.hub.model.Meshes.declared;
import static io.meshfed.hub.model.Meshes.primary;
import static io.meshfed.hub.model.Meshes.remote;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.SealedCredential;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The hub routes what it cannot read: each member's recipient key and sealed credentials go into
 * its member plan, for the members that hold its remote secret, at the cost of one mesh record.
 */
class CredentialRoutingTest {

  private static SealedCredential sealed(String id) {
    return new SealedCredential(SealedCredential.REMOTE_SECRET, id, "QUJDRA==", null);
  }

  private static ClusterStatus status(
      String cluster, String recipientKey, Map<String, SealedCredential> sealed) {
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
        null,
        T0,
        null,
        null,
        null,
        recipientKey,
        new TreeMap<>(sealed),
        null);
  }

  private static ClusterStatus applied(String cluster, Map<String, String> applied) {
    ClusterStatus s = status(cluster, "a2V5LWE=", Map.of());
    return new ClusterStatus(
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
        s.intermediateCsr(),
        s.intermediateNotAfter(),
        s.signingPublicKey(),
        s.recipientPublicKey(),
        s.sealedCredentials(),
        new TreeMap<>(applied));
  }

  /** a and b are primaries, r is a's remote. */
  private static MeshRegistry mesh() {
    return applyAll(
        declared("m"),
        primary("m", "a", "n1"),
        primary("m", "b", "n2"),
        remote("m", "r", "n3", "a"));
  }

  @Test
  void everyPrimaryHoldsTheRemoteSecretOfEveryOtherMemberIncludingAnotherPrimarysRemotes() {
    MeshRegistry r = mesh();

    MeshState record =
        MeshPlanner.plan(r.mesh("m").orElseThrow(), r.membersOf("m"), r.observed(), 1);

    assertThat(record.members().get("a").remoteSecretPeers()).containsExactly("b", "r");
    assertThat(record.members().get("b").remoteSecretPeers())
        .as("b reads a's remote r too: istiod discovers endpoints only in clusters it reads")
        .containsExactly("a", "r");
    assertThat(record.members().get("r").remoteSecretPeers()).isEmpty();
  }

  @Test
  void reportedKeyAndCredentialsGoIntoTheSendersPlanForItsRecipientsOnly() {
    MeshRegistry r = mesh();

    StatusIntake.Outcome outcome =
        StatusIntake.apply(
            r,
            status(
                "r",
                "cmVjaXBpZW50LXI=",
                Map.of("a", sealed("r-1"), "b", sealed("r-1"), "nobody", sealed("r-1"))),
            T0);

    assertThat(outcome.changes().desired()).isEmpty();
    assertThat(outcome.changes().meshRecords()).singleElement();
    MeshState record = outcome.changes().meshRecords().get(0);
    MemberPlan plan = record.members().get("r");
    assertThat(plan.recipientPublicKey()).isEqualTo("cmVjaXBpZW50LXI=");
    assertThat(plan.sealedCredentials())
        .as("both primaries hold r's remote secret, nobody else")
        .containsOnlyKeys("a", "b")
        .containsEntry("a", sealed("r-1"))
        .containsEntry("b", sealed("r-1"));
    assertThat(record.members().get("a").sealedCredentials()).isEmpty();
  }

  @Test
  void sameCredentialsAgainWriteNothingAndARotationWritesOneMeshRecord() {
    MeshRegistry r = mesh();
    ClusterStatus first = status("a", "a2V5LWE=", Map.of("b", sealed("a-1"), "r", sealed("a-1")));
    r = StatusIntake.apply(r, first, T0).changes().next();

    StatusIntake.Outcome heartbeat = StatusIntake.apply(r, first, T0.plusSeconds(30));
    StatusIntake.Outcome rotation =
        StatusIntake.apply(
            r,
            status("a", "a2V5LWE=", Map.of("b", sealed("a-2"), "r", sealed("a-2"))),
            T0.plusSeconds(60));

    assertThat(heartbeat.changes().isEmpty()).isTrue();
    assertThat(rotation.changes().desired()).isEmpty();
    assertThat(rotation.changes().meshRecords()).singleElement();
    assertThat(rotation.changes().meshRecords().get(0).members().get("a").sealedCredentials())
        .as("a remote holds no remote secrets, so only b gets a's credential")
        .containsOnlyKeys("b")
        .allSatisfy((peer, c) -> assertThat(c.credentialId()).isEqualTo("a-2"));
  }

  @Test
  void whatARecipientAppliedReachesTheSendersThroughItsPlanInOneMeshRecord() {
    MeshRegistry r = mesh();

    StatusIntake.Outcome outcome =
        StatusIntake.apply(r, applied("a", Map.of("b", "b-2", "r", "r-1")), T0);

    assertThat(outcome.changes().desired()).isEmpty();
    assertThat(outcome.changes().meshRecords()).singleElement();
    assertThat(outcome.changes().meshRecords().get(0).members().get("a").appliedCredentials())
        .as("b and r learn that a applied their newest credentials, and may revoke older ones")
        .containsExactlyEntriesOf(new TreeMap<>(Map.of("b", "b-2", "r", "r-1")));
  }

  @Test
  void aMemberThatLeavesTakesItsCredentialsOutOfThePlan() {
    MeshRegistry r = mesh();
    r =
        StatusIntake.apply(r, status("b", "a2V5LWI=", Map.of("a", sealed("b-1"))), T0)
            .changes()
            .next();

    MeshRegistry after = Meshes.apply(r, new io.meshfed.events.model.LeaveCluster("m", "b"));

    assertThat(after.meshRecord("m").orElseThrow().members()).doesNotContainKey("b");
  }
}
