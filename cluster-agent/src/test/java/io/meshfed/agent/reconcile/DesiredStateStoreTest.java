package io.meshfed.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.agent.model.SeedTopologies;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DesiredStateStoreTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final DesiredStateStore store = new DesiredStateStore();
  private final DesiredMembership gen2 =
      SeedTopologies.withGeneration(SeedTopologies.primaryOfRemotes().desired(), 2);

  @Test
  void anOlderGenerationIsIgnoredAndTheSameOneChangesNothing() {
    assertThat(store.offerDesired(gen2, NOW, true)).isEqualTo(DesiredStateStore.Offer.ACCEPTED);
    assertThat(store.offerDesired(SeedTopologies.withGeneration(gen2, 1), NOW, true))
        .isEqualTo(DesiredStateStore.Offer.STALE);
    assertThat(store.offerDesired(gen2, NOW, true)).isEqualTo(DesiredStateStore.Offer.SAME);
    assertThat(store.snapshot().desired()).contains(gen2);
  }

  @Test
  void aTombstoneAsksToLeaveAndARejoinMayStartOver() {
    store.offerDesired(gen2, NOW, true);
    assertThat(store.offerTombstone()).isTrue();
    assertThat(store.offerTombstone()).isFalse();
    DesiredStateStore.Snapshot leaving = store.snapshot();
    assertThat(leaving.leaveRequested()).isTrue();
    assertThat(leaving.desired()).isEmpty();
    assertThat(leaving.lastMeshId()).contains("mesh1");

    store.markLeft();
    assertThat(store.snapshot().left()).isTrue();

    DesiredMembership rejoin = SeedTopologies.withGeneration(gen2, 1);
    assertThat(store.offerDesired(rejoin, NOW, true)).isEqualTo(DesiredStateStore.Offer.ACCEPTED);
    assertThat(store.snapshot().leaveRequested()).isFalse();
    assertThat(store.snapshot().left()).isFalse();
  }

  @Test
  void meshRecordsReadBeforeTheDesiredOneAreKeptUntilItNamesTheMesh() {
    MeshRecord mesh1 = SeedTopologies.primaryOfRemotes().mesh().orElseThrow();
    MeshRecord mesh2 = mesh("mesh2", 1);
    assertThat(store.offerMesh(mesh2)).isEqualTo(DesiredStateStore.Taken.KEPT);
    assertThat(store.offerMesh(mesh1)).isEqualTo(DesiredStateStore.Taken.KEPT);

    store.offerDesired(gen2, NOW, false);

    assertThat(store.snapshot().mesh()).contains(mesh1);
    assertThat(store.wantsMesh("mesh2")).isFalse();
    assertThat(store.offerMesh(mesh2)).isEqualTo(DesiredStateStore.Taken.IGNORED);
  }

  @Test
  void anOlderMeshRevisionIsIgnored() {
    store.offerDesired(gen2, NOW, true);
    MeshRecord rev7 = SeedTopologies.primaryOfRemotes().mesh().orElseThrow();
    MeshRecord rev6 = mesh("mesh1", 6);
    assertThat(store.offerMesh(rev7)).isEqualTo(DesiredStateStore.Taken.CONCERNS);
    assertThat(store.offerMesh(rev6)).isEqualTo(DesiredStateStore.Taken.IGNORED);
    assertThat(store.offerMesh(rev7)).isEqualTo(DesiredStateStore.Taken.IGNORED);
    assertThat(store.snapshot().mesh()).contains(rev7);
  }

  @Test
  void onlyALiveJoinIsReportedPending() {
    store.offerDesired(gen2, NOW, false);
    assertThat(store.takePendingReport()).as("read during the replay at start").isFalse();

    DesiredStateStore live = new DesiredStateStore();
    live.offerDesired(gen2, NOW, true);
    assertThat(live.takePendingReport()).isTrue();
    assertThat(live.takePendingReport()).isFalse();
    live.offerDesired(SeedTopologies.withGeneration(gen2, 3), NOW, true);
    assertThat(live.takePendingReport()).as("an update is not a join").isFalse();
  }

  @Test
  void credentialRecordsOfOtherMeshesGoOnceTheDesiredRecordNamesOne() {
    assertThat(store.offerCredential(credential("mesh1", "cluster2", 1)))
        .isEqualTo(DesiredStateStore.Taken.KEPT);
    assertThat(store.offerCredential(credential("mesh2", "cluster7", 1)))
        .isEqualTo(DesiredStateStore.Taken.KEPT);

    store.offerDesired(gen2, NOW, false);

    assertThat(store.snapshot().credentials()).containsOnlyKeys("cluster2");
    assertThat(store.offerCredential(credential("mesh2", "cluster8", 1)))
        .isEqualTo(DesiredStateStore.Taken.IGNORED);
    assertThat(store.credential("cluster7")).isEmpty();
  }

  @Test
  void anOlderCredentialRevisionIsIgnoredAndATombstoneRemovesTheSender() {
    store.offerDesired(gen2, NOW, true);
    SharedCredential rev3 = credential("mesh1", "cluster2", 3);
    assertThat(store.offerCredential(rev3)).isEqualTo(DesiredStateStore.Taken.CONCERNS);
    assertThat(store.offerCredential(credential("mesh1", "cluster2", 2)))
        .isEqualTo(DesiredStateStore.Taken.IGNORED);
    assertThat(store.offerCredential(rev3)).isEqualTo(DesiredStateStore.Taken.IGNORED);
    assertThat(store.snapshot().credentials())
        .containsExactly(java.util.Map.entry("cluster2", rev3));

    assertThat(store.removeCredential("cluster2")).isEqualTo(DesiredStateStore.Taken.CONCERNS);
    assertThat(store.removeCredential("cluster2")).isEqualTo(DesiredStateStore.Taken.IGNORED);
    assertThat(store.snapshot().credentials()).isEmpty();
    assertThat(store.offerCredential(credential("mesh1", "cluster2", 1)))
        .as("a sender that joins again starts over")
        .isEqualTo(DesiredStateStore.Taken.CONCERNS);
  }

  @Test
  void aMeshRecordConcernsTheClusterOnlyWhenWhatItReadsOfItChanged() {
    DesiredMembership remote =
        SeedTopologies.withGeneration(SeedTopologies.remoteMultiNetwork().desired(), 2);
    store.offerDesired(remote, NOW, true);
    MeshRecord rev7 = SeedTopologies.primaryRemoteMesh();
    assertThat(store.offerMesh(rev7)).isEqualTo(DesiredStateStore.Taken.CONCERNS);

    TreeMap<String, io.meshfed.events.model.NetworkSpec> otherGateway =
        new TreeMap<>(rev7.meshNetworks());
    otherGateway.put("network2", SeedTopologies.network(java.util.List.of("cluster2"), "10.9.9.9"));
    MeshRecord rev8 =
        new MeshRecord("mesh1", 8, null, otherGateway, rev7.primaries(), null, null, null);
    assertThat(store.offerMesh(rev8))
        .as("a remote does not read meshNetworks beyond their number")
        .isEqualTo(DesiredStateStore.Taken.NEW_REVISION);
    assertThat(store.snapshot().mesh()).contains(rev8);

    MeshRecord rev9 =
        new MeshRecord(
            "mesh1",
            9,
            null,
            otherGateway,
            new TreeMap<>(
                java.util.Map.of(
                    "cluster1", new io.meshfed.events.model.MeshPrimary("10.1.1.1", null))),
            null,
            null,
            null);
    assertThat(store.offerMesh(rev9))
        .as("its primary's discovery address")
        .isEqualTo(DesiredStateStore.Taken.CONCERNS);
  }

  @Test
  void aCredentialRecordConcernsThePrimariesOfItsMeshAndItsSender() {
    // gen2 is cluster1, a primary holding cluster2's remote secret
    store.offerDesired(gen2, NOW, true);
    SharedCredential peer = credential("mesh1", "cluster2", 1);
    assertThat(store.offerCredential(peer)).isEqualTo(DesiredStateStore.Taken.CONCERNS);
    assertThat(
            store.offerCredential(
                new SharedCredential(
                    "mesh1",
                    "cluster2",
                    2,
                    peer.apiServerUrl(),
                    null,
                    new TreeMap<>(java.util.Map.of("cluster1", "cluster2-1")))))
        .as("what others applied of the peer's credential is none of this cluster's business")
        .isEqualTo(DesiredStateStore.Taken.KEPT);
    assertThat(store.offerCredential(credential("mesh1", "cluster5", 1)))
        .as("a new sender of its mesh is a new peer of a primary")
        .isEqualTo(DesiredStateStore.Taken.CONCERNS);

    SharedCredential own = credential("mesh1", "cluster1", 1);
    assertThat(store.offerCredential(own))
        .as("its own record, nothing applied yet")
        .isEqualTo(DesiredStateStore.Taken.KEPT);
    assertThat(
            store.offerCredential(
                new SharedCredential(
                    "mesh1",
                    "cluster1",
                    2,
                    own.apiServerUrl(),
                    null,
                    new TreeMap<>(java.util.Map.of("cluster2", "cluster1-1")))))
        .isEqualTo(DesiredStateStore.Taken.CONCERNS);
    SharedCredential carried =
        new SharedCredential(
            "mesh1",
            "cluster1",
            3,
            own.apiServerUrl(),
            envelope("cluster1-1", "cluster2"),
            new TreeMap<>(java.util.Map.of("cluster2", "cluster1-1")));
    assertThat(store.offerCredential(carried))
        .as("its own record carries its envelope now: its status may leave it out")
        .isEqualTo(DesiredStateStore.Taken.CONCERNS);
    assertThat(
            store.offerCredential(
                new SharedCredential(
                    "mesh1",
                    "cluster1",
                    4,
                    "https://moved:6443",
                    carried.credential(),
                    carried.appliedBy())))
        .as("its own URL is what its peers check, not what it reads")
        .isEqualTo(DesiredStateStore.Taken.KEPT);
    assertThat(store.removeCredential("cluster5"))
        .as("a sender left: its remote secret goes")
        .isEqualTo(DesiredStateStore.Taken.CONCERNS);
    assertThat(store.removeCredential("cluster1"))
        .as("its own record is gone: it sends its envelope again")
        .isEqualTo(DesiredStateStore.Taken.CONCERNS);
  }

  @Test
  void anotherMembersCredentialRecordNeverConcernsARemote() {
    DesiredMembership remote =
        SeedTopologies.withGeneration(SeedTopologies.remoteMultiNetwork().desired(), 2);
    store.offerDesired(remote, NOW, true);

    assertThat(store.offerCredential(credential("mesh1", "cluster1", 1)))
        .isEqualTo(DesiredStateStore.Taken.KEPT);
    assertThat(
            store.offerCredential(
                new SharedCredential(
                    "mesh1",
                    "cluster1",
                    2,
                    "https://cluster1:6443",
                    envelope("cluster1-1", "cluster2"),
                    null)))
        .as("even sealed for it: a remote holds no remote secret")
        .isEqualTo(DesiredStateStore.Taken.KEPT);
    assertThat(store.removeCredential("cluster1")).isEqualTo(DesiredStateStore.Taken.KEPT);
    assertThat(
            store.offerCredential(
                new SharedCredential(
                    "mesh1",
                    "cluster2",
                    1,
                    "https://cluster2:6443",
                    envelope("cluster2-1", "cluster1"),
                    null)))
        .as("its own record now carries its envelope")
        .isEqualTo(DesiredStateStore.Taken.CONCERNS);
  }

  private static CredentialEnvelope envelope(String credentialId, String recipient) {
    return new CredentialEnvelope(
        "remote-secret",
        credentialId,
        null,
        "Y2lwaGVydGV4dA==",
        new TreeMap<>(java.util.Map.of(recipient, "a2V5")));
  }

  private static MeshRecord mesh(String meshId, long revision) {
    return new MeshRecord(
        meshId, revision, "v1", new TreeMap<>(), new TreeMap<>(), null, null, null);
  }

  private static SharedCredential credential(String meshId, String sender, long revision) {
    return new SharedCredential(
        meshId, sender, revision, "https://" + sender + ":6443", null, null);
  }
}
