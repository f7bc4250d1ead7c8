package io.meshfed.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.agent.model.SeedTopologies;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshState;
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
    MeshState mesh1 = SeedTopologies.primaryOfRemotes().mesh().orElseThrow();
    MeshState mesh2 = new MeshState("mesh2", 1, "v1", new TreeMap<>(), new TreeMap<>());
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
    MeshState rev7 = SeedTopologies.primaryOfRemotes().mesh().orElseThrow();
    MeshState rev6 =
        new MeshState("mesh1", 6, "v1", new TreeMap<>(rev7.meshNetworks()), new TreeMap<>());
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
}
