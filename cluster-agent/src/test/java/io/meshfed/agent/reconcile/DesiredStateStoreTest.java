package io.meshfed.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.agent.model.SeedTopologies;
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
    assertThat(store.offerMesh(mesh2)).isTrue();
    assertThat(store.offerMesh(mesh1)).isTrue();

    store.offerDesired(gen2, NOW, false);

    assertThat(store.snapshot().mesh()).contains(mesh1);
    assertThat(store.wantsMesh("mesh2")).isFalse();
    assertThat(store.offerMesh(mesh2)).isFalse();
  }

  @Test
  void anOlderMeshRevisionIsIgnored() {
    store.offerDesired(gen2, NOW, true);
    MeshRecord rev7 = SeedTopologies.primaryOfRemotes().mesh().orElseThrow();
    MeshRecord rev6 = mesh("mesh1", 6);
    assertThat(store.offerMesh(rev7)).isTrue();
    assertThat(store.offerMesh(rev6)).isFalse();
    assertThat(store.offerMesh(rev7)).isFalse();
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
    assertThat(store.offerCredential(credential("mesh1", "cluster2", 1))).isTrue();
    assertThat(store.offerCredential(credential("mesh2", "cluster7", 1))).isTrue();

    store.offerDesired(gen2, NOW, false);

    assertThat(store.snapshot().credentials()).containsOnlyKeys("cluster2");
    assertThat(store.offerCredential(credential("mesh2", "cluster8", 1))).isFalse();
    assertThat(store.credential("cluster7")).isEmpty();
  }

  @Test
  void anOlderCredentialRevisionIsIgnoredAndATombstoneRemovesTheSender() {
    store.offerDesired(gen2, NOW, true);
    SharedCredential rev3 = credential("mesh1", "cluster2", 3);
    assertThat(store.offerCredential(rev3)).isTrue();
    assertThat(store.offerCredential(credential("mesh1", "cluster2", 2))).isFalse();
    assertThat(store.offerCredential(rev3)).isFalse();
    assertThat(store.snapshot().credentials())
        .containsExactly(java.util.Map.entry("cluster2", rev3));

    assertThat(store.removeCredential("cluster2")).isTrue();
    assertThat(store.removeCredential("cluster2")).isFalse();
    assertThat(store.snapshot().credentials()).isEmpty();
    assertThat(store.offerCredential(credential("mesh1", "cluster2", 1)))
        .as("a sender that joins again starts over")
        .isTrue();
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
