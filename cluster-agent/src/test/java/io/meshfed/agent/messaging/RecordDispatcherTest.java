package io.meshfed.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshfed.agent.component.Records;
import io.meshfed.agent.component.TestHubKey;
import io.meshfed.agent.config.TestConfig;
import io.meshfed.agent.metrics.AgentMetrics;
import io.meshfed.agent.model.SeedTopologies;
import io.meshfed.agent.reconcile.DesiredStateStore;
import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Records reach exactly the served clusters their key concerns, and nothing else is decoded. */
class RecordDispatcherTest {

  private final Target east = new Target("east");
  private final Target west = new Target("west");
  private final Target north = new Target("north");
  private final Target idle = new Target("idle");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordDispatcher dispatcher =
      new RecordDispatcher(
          new Served(List.of(east, west, north, idle)),
          new RecordReader(new AgentMetrics(registry)),
          replayDone(),
          hubCheck());

  private HubRecordCheck hubCheck() {
    return new HubRecordCheck(
        List.of(TestHubKey.publicKey()), false, new RecordReader(new AgentMetrics(registry)));
  }

  @Test
  void aRecordTheHubDidNotSignIsRejectedAndChangesNothing() {
    dispatcher.desired(Records.event("east", desired("mesh1", "east")));
    dispatcher.mesh(Records.event("mesh1", mesh("mesh1", 1)));
    var held = east.store.snapshot();
    east.wakes.clear();

    assertThatThrownBy(
            () ->
                dispatcher.desired(
                    Records.unsigned(Records.event("east", desired("mesh2", "east")))))
        .isInstanceOfSatisfying(
            RejectedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo("HubSignatureMissing"));
    assertThatThrownBy(
            () -> dispatcher.desired(Records.unsigned(Records.tombstone(Topics.DESIRED, "east"))))
        .as("an unsigned tombstone does not make the cluster leave")
        .isInstanceOfSatisfying(
            RejectedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo("HubSignatureMissing"));
    assertThatThrownBy(
            () -> dispatcher.mesh(Records.unsigned(Records.event("mesh1", mesh("mesh1", 2)))))
        .isInstanceOfSatisfying(
            RejectedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo("HubSignatureMissing"));
    var movedKey = Records.event("west", desired("mesh1", "west"));
    var replayedUnderAnotherKey =
        new org.apache.kafka.clients.consumer.ConsumerRecord<>(
            movedKey.topic(), 0, 1L, "east", movedKey.value());
    movedKey.headers().forEach(h -> replayedUnderAnotherKey.headers().add(h));
    assertThatThrownBy(() -> dispatcher.desired(replayedUnderAnotherKey))
        .as("west's signed record replayed under east's key")
        .isInstanceOfSatisfying(
            RejectedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo("HubSignatureInvalid"));

    assertThat(east.store.snapshot()).isEqualTo(held);
    assertThat(east.wakes).isEmpty();
    assertThat(
            registry
                .find(AgentMetrics.DLQ_TOTAL)
                .tag("reason", "HubSignatureMissing")
                .counter()
                .count())
        .isEqualTo(3.0);
  }

  @Test
  void aCopyOfAnOlderRecordOfTheHubIsRejectedAndChangesNothing() {
    // east left once: the hub wrote its tombstone; east joined again
    var oldTombstone = Records.tombstone(Topics.DESIRED, "east");
    dispatcher.desired(oldTombstone);
    var joinedAgain = Records.event("east", desired("mesh1", "east"));
    dispatcher.desired(joinedAgain);
    dispatcher.mesh(Records.event("mesh1", mesh("mesh1", 2)));
    var held = east.store.snapshot();
    east.wakes.clear();

    assertThatThrownBy(() -> dispatcher.desired(Records.copyAppended(oldTombstone)))
        .as("the old tombstone, appended again")
        .isInstanceOfSatisfying(
            RejectedRecordException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("HubSignatureReplayed");
              assertThat(e.getMessage()).contains("not after the newest record of key east");
            });
    assertThatThrownBy(() -> dispatcher.desired(Records.copyAppended(joinedAgain)))
        .as("the newest record itself, appended again")
        .isInstanceOf(RejectedRecordException.class);
    dispatcher.desired(joinedAgain);

    assertThat(east.store.snapshot().leaveRequested()).isFalse();
    assertThat(east.store.snapshot()).isEqualTo(held);
    assertThat(
            registry
                .find(AgentMetrics.DLQ_TOTAL)
                .tag("reason", "HubSignatureReplayed")
                .counter()
                .count())
        .isEqualTo(2.0);
    dispatcher.desired(Records.tombstone(Topics.DESIRED, "east"));
    assertThat(east.store.snapshot().leaveRequested()).as("a tombstone the hub signs now").isTrue();
  }

  @Test
  void aDesiredRecordGoesToTheClusterOfItsKeyOnly() {
    dispatcher.desired(Records.event("east", desired("mesh1", "east")));

    assertThat(east.store.snapshot().desired()).contains(desired("mesh1", "east"));
    assertThat(east.wakes).containsExactly("desired record");
    for (Target other : List.of(west, north, idle)) {
      assertThat(other.store.snapshot().desired()).isEmpty();
      assertThat(other.wakes).isEmpty();
    }
  }

  @Test
  void aRecordOfAClusterNotServedIsSkippedWithoutBeingRead() {
    dispatcher.desired(Records.raw(EventType.DESIRED_MEMBERSHIP, "elsewhere", "not JSON at all"));
    dispatcher.desired(Records.tombstone(Topics.DESIRED, "elsewhere"));

    assertThat(List.of(east, west, north, idle)).allSatisfy(t -> assertThat(t.wakes).isEmpty());
    assertThat(registry.find(AgentMetrics.DLQ_TOTAL).counter()).isNull();
  }

  @Test
  void anUnreadableRecordOfAServedClusterIsRejectedWithItsReason() {
    assertThatThrownBy(
            () -> dispatcher.desired(Records.event("west", desired("mesh1", "somebody-else"))))
        .isInstanceOf(RejectedRecordException.class)
        .hasMessageContaining("clusterName 'somebody-else' does not match the record key 'west'");
    assertThat(west.store.snapshot().desired()).isEmpty();
    assertThat(west.wakes).isEmpty();
  }

  @Test
  void aMeshRecordGoesToEveryServedClusterOfThatMeshAndToThoseWithoutAMeshYet() {
    dispatcher.desired(Records.event("east", desired("mesh1", "east")));
    dispatcher.desired(Records.event("west", desired("mesh1", "west")));
    dispatcher.desired(Records.event("north", desired("mesh2", "north")));
    List.of(east, west, north).forEach(t -> t.wakes.clear());

    MeshRecord mesh1 = mesh("mesh1", 3);
    dispatcher.mesh(Records.event("mesh1", mesh1));

    assertThat(east.store.snapshot().mesh()).contains(mesh1);
    assertThat(west.store.snapshot().mesh()).contains(mesh1);
    assertThat(east.wakes).containsExactly("mesh record");
    assertThat(west.wakes).containsExactly("mesh record");
    assertThat(north.store.snapshot().mesh()).isEmpty();
    assertThat(north.wakes).isEmpty();
    // idle's mesh is not known yet: it keeps the record for when its desired record names mesh1,
    // and has nothing to reconcile
    assertThat(idle.wakes).isEmpty();
    dispatcher.desired(Records.event("idle", desired("mesh1", "idle")));
    assertThat(idle.store.snapshot().mesh()).contains(mesh1);
  }

  @Test
  void aMeshRecordNoServedClusterWantsIsSkippedWithoutBeingRead() {
    for (Target t : List.of(east, west, north, idle)) {
      dispatcher.desired(Records.event(t.cluster, desired("mesh1", t.cluster)));
      t.wakes.clear();
    }

    dispatcher.mesh(Records.raw(EventType.MESH_RECORD, "mesh9", "not JSON at all"));

    assertThat(List.of(east, west, north, idle)).allSatisfy(t -> assertThat(t.wakes).isEmpty());
    assertThat(registry.find(AgentMetrics.DLQ_TOTAL).counter()).isNull();
  }

  @Test
  void aCredentialRecordIsKeptByTheServedClustersOfItsMeshAndThoseWithoutAMeshYet() {
    dispatcher.desired(Records.event("east", desired("mesh1", "east")));
    dispatcher.desired(Records.event("north", desired("mesh2", "north")));

    SharedCredential fromWest = credential("mesh1", "west", 1);
    dispatcher.credential(Records.event("west", fromWest));

    assertThat(east.store.snapshot().credentials()).containsExactly(Map.entry("west", fromWest));
    assertThat(north.store.credential("west")).isEmpty();
    assertThat(idle.store.credential("west")).contains(fromWest);
    assertThat(east.wakes)
        .as("east is a primary of mesh1: west is a new peer of it")
        .containsExactly("desired record", "credential record");
    assertThat(List.of(west, north, idle))
        .allSatisfy(t -> assertThat(t.wakes).doesNotContain("credential record"));

    dispatcher.credential(Records.tombstone(Topics.CREDENTIALS, "west"));

    assertThat(east.store.credential("west")).isEmpty();
    assertThat(idle.store.credential("west")).isEmpty();
    assertThat(east.wakes)
        .as("west left: its remote secret goes")
        .containsExactly("desired record", "credential record", "credential record");
  }

  @Test
  void aCredentialRecordWhoseSenderIsNotItsKeyIsRejected() {
    assertThatThrownBy(
            () -> dispatcher.credential(Records.event("west", credential("mesh1", "east", 1))))
        .isInstanceOfSatisfying(
            RejectedRecordException.class, e -> assertThat(e.reason()).isEqualTo("KeyMismatch"))
        .hasMessage("SharedCredential: sender 'east' does not match the record key 'west'");
    assertThatThrownBy(
            () ->
                dispatcher.credential(
                    Records.raw(EventType.SHARED_CREDENTIAL, "west", "not JSON at all")))
        .isInstanceOf(RejectedRecordException.class);
    assertThat(List.of(east, west, north, idle))
        .allSatisfy(t -> assertThat(t.store.credential("east")).isEmpty());
  }

  @Test
  void aTombstoneMakesOnlyItsClusterLeave() {
    dispatcher.desired(Records.event("east", desired("mesh1", "east")));
    dispatcher.desired(Records.event("west", desired("mesh1", "west")));

    dispatcher.desired(Records.tombstone(Topics.DESIRED, "west"));

    assertThat(west.store.snapshot().leaveRequested()).isTrue();
    assertThat(west.wakes).containsExactly("desired record", "desired record");
    assertThat(east.store.snapshot().leaveRequested()).isFalse();
    assertThat(east.store.snapshot().desired()).isPresent();
  }

  @Test
  void inAManyClusterMeshEachRecordWakesOnlyTheClustersWhatItChangedConcerns() {
    // three primaries, each serving two remotes, every cluster on a network of its own
    List<String> primaries = List.of("p1", "p2", "p3");
    Map<String, String> remotes = new TreeMap<>();
    for (int i = 1; i <= 6; i++) {
      remotes.put("r" + i, primaries.get((i - 1) / 2));
    }
    Map<String, Target> all = new TreeMap<>();
    primaries.forEach(p -> all.put(p, new Target(p)));
    remotes.keySet().forEach(r -> all.put(r, new Target(r)));
    RecordDispatcher hosted =
        new RecordDispatcher(
            new Served(List.copyOf(all.values())),
            new RecordReader(new AgentMetrics(registry)),
            replayDone(),
            hubCheck());
    for (String p : primaries) {
      hosted.desired(Records.event(p, SeedTopologies.withPlan(desired("mesh1", p), true)));
    }
    remotes.forEach(
        (r, p) ->
            hosted.desired(
                Records.event(
                    r,
                    SeedTopologies.desired(r, Role.REMOTE, "net-" + r, p, "v1.28.1", null, null))));
    hosted.mesh(Records.event("mesh1", bigMesh(1, "10.0.0.1", null)));
    all.keySet().forEach(c -> hosted.credential(Records.event(c, credential("mesh1", c, 1))));
    all.values().forEach(Target::clear);

    // the primaries know a member once its record arrives: a new one (not served here) and a
    // record of another mesh
    hosted.credential(Records.event("r7", credential("mesh1", "r7", 1)));
    assertThat(woken(all)).containsExactly("p1", "p2", "p3");
    all.values().forEach(Target::clear);
    hosted.credential(Records.event("elsewhere", credential("mesh2", "elsewhere", 1)));
    assertThat(woken(all)).isEmpty();
    assertThat(all.get("p1").store.credential("elsewhere")).isEmpty();

    // a remote shares a new credential: the primaries, which hold its remote secret, and the
    // remote itself (whose status sends the envelope until its own record carries it) reconcile
    CredentialEnvelope envelope =
        new CredentialEnvelope(
            "remote-secret",
            "r1-1",
            null,
            "Y2lwaGVydGV4dA==",
            new TreeMap<>(Map.of("p1", "a1", "p2", "a2", "p3", "a3")));
    hosted.credential(
        Records.event(
            "r1",
            new SharedCredential("mesh1", "r1", 2, "https://r1.example:6443", envelope, null)));
    assertThat(woken(all)).containsExactly("p1", "p2", "p3", "r1");
    all.values().forEach(Target::clear);

    // the primaries applied it: only r1, which may now revoke its older token, reconciles
    hosted.credential(
        Records.event(
            "r1",
            new SharedCredential(
                "mesh1",
                "r1",
                3,
                "https://r1.example:6443",
                envelope,
                new TreeMap<>(Map.of("p1", "r1-1", "p2", "r1-1", "p3", "r1-1")))));
    assertThat(woken(all)).containsExactly("r1");
    all.values().forEach(Target::clear);

    // only its URL changed: what the primaries check the credential against, not what r1 reads
    hosted.credential(
        Records.event(
            "r1",
            new SharedCredential(
                "mesh1",
                "r1",
                4,
                "https://r1.elsewhere.example:6443",
                envelope,
                new TreeMap<>(Map.of("p1", "r1-1", "p2", "r1-1", "p3", "r1-1")))));
    assertThat(woken(all)).containsExactly("p1", "p2", "p3");
    all.values().forEach(Target::clear);

    // r7 left: the primaries delete its remote secret; nobody else reconciles
    hosted.credential(Records.tombstone(Topics.CREDENTIALS, "r7"));
    assertThat(woken(all)).containsExactly("p1", "p2", "p3");
    all.values().forEach(Target::clear);

    // p1's gateway gets a new address: the primaries (meshNetworks) and p1's remotes reconcile;
    // the other remotes only follow the revision
    hosted.mesh(Records.event("mesh1", bigMesh(2, "10.0.0.9", null)));
    assertThat(woken(all)).containsExactly("p1", "p2", "p3", "r1", "r2");
    assertThat(all.values())
        .filteredOn(t -> !t.wakes.isEmpty())
        .allSatisfy(t -> assertThat(t.follows).isEmpty());
    assertThat(followed(all)).containsExactly("r3", "r4", "r5", "r6");
    all.values().forEach(Target::clear);

    // p2 published its recipient key: everybody seals to it but p2 itself
    hosted.mesh(Records.event("mesh1", bigMesh(3, "10.0.0.9", "p2-key")));
    assertThat(woken(all)).containsExactly("p1", "p3", "r1", "r2", "r3", "r4", "r5", "r6");
    assertThat(followed(all)).containsExactly("p2");
    assertThat(all.get("r5").store.snapshot().mesh().orElseThrow().revision()).isEqualTo(3);
  }

  private static List<String> woken(Map<String, Target> all) {
    return all.values().stream().filter(t -> !t.wakes.isEmpty()).map(t -> t.cluster).toList();
  }

  private static List<String> followed(Map<String, Target> all) {
    return all.values().stream().filter(t -> !t.follows.isEmpty()).map(t -> t.cluster).toList();
  }

  /** p1, p2, p3 each serving two remotes, each cluster on a network of its own. */
  private static MeshRecord bigMesh(long revision, String p1Address, String p2Key) {
    TreeMap<String, NetworkSpec> networks = new TreeMap<>();
    TreeMap<String, MeshPrimary> primaries = new TreeMap<>();
    for (String p : List.of("p1", "p2", "p3")) {
      String address = p.equals("p1") ? p1Address : "10.0.0." + p.substring(1);
      networks.put("net-" + p, SeedTopologies.network(List.of(p), address));
      primaries.put(p, new MeshPrimary(address, p.equals("p2") ? p2Key : null));
    }
    for (int i = 1; i <= 6; i++) {
      networks.put("net-r" + i, SeedTopologies.network(List.of("r" + i), "10.1.0." + i));
    }
    return new MeshRecord("mesh1", revision, "v1.28.1", networks, primaries, null, null, null);
  }

  @Test
  void theEndOfTheReplayWakesEveryServedCluster() {
    RecordDispatcher starting =
        new RecordDispatcher(
            new Served(List.of(east, west, north, idle)),
            new RecordReader(new AgentMetrics(registry)),
            new ReplayTracker(TestConfig.of("any"), Clock.systemUTC(), false),
            hubCheck());

    starting.desired(Records.raw(EventType.DESIRED_MEMBERSHIP, "elsewhere", "not read"));

    assertThat(List.of(east, west, north, idle))
        .allSatisfy(t -> assertThat(t.wakes).containsExactly("state topics read to their end"));
  }

  /** A replay that is complete (nothing to wait for without the Kafka connector). */
  private static ReplayTracker replayDone() {
    ReplayTracker replay = new ReplayTracker(TestConfig.of("any"), Clock.systemUTC(), false);
    assertThat(replay.caughtUp()).isTrue();
    return replay;
  }

  private static DesiredMembership desired(String mesh, String cluster) {
    DesiredMembership d =
        SeedTopologies.desired(
            cluster, Role.PRIMARY, "net-" + cluster, null, "v1.28.1", null, null);
    return new DesiredMembership(
        mesh,
        d.clusterName(),
        d.role(),
        d.network(),
        d.controlPlaneCluster(),
        d.istioVersion(),
        d.cni(),
        d.gatewayPlacement(),
        d.apiServerUrl(),
        d.generation(),
        d.epoch());
  }

  private static SharedCredential credential(String meshId, String sender, long revision) {
    return new SharedCredential(
        meshId, sender, revision, "https://" + sender + ".example:6443", null, null);
  }

  private static MeshRecord mesh(String meshId, long revision) {
    return new MeshRecord(
        meshId,
        revision,
        "v1.28.1",
        new TreeMap<>(Map.of("net-east", SeedTopologies.network(List.of("east"), null))),
        new TreeMap<>(),
        null,
        null,
        null);
  }

  /** A served cluster with a real store that records when it is woken. */
  private static final class Target implements RecordTarget {
    final String cluster;
    final DesiredStateStore store = new DesiredStateStore();
    final List<String> wakes = new ArrayList<>();

    final List<String> follows = new ArrayList<>();

    Target(String cluster) {
      this.cluster = cluster;
    }

    @Override
    public void followMeshRevision(String why) {
      follows.add(why);
    }

    void clear() {
      wakes.clear();
      follows.clear();
    }

    @Override
    public String cluster() {
      return cluster;
    }

    @Override
    public DesiredStateStore store() {
      return store;
    }

    @Override
    public void wake(String why) {
      wakes.add(why);
    }
  }

  private record Served(List<RecordTarget> targets) implements RecordTargets {

    @Override
    public Optional<RecordTarget> forCluster(String cluster) {
      return targets.stream().filter(t -> t.cluster().equals(cluster)).findFirst();
    }

    @Override
    public Collection<RecordTarget> all() {
      return targets;
    }
  }
}
