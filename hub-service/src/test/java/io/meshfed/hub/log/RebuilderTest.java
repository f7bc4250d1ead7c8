package io.meshfed.hub.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.NetworkEndpoint;
import io.meshfed.events.model.NetworkGateway;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.hub.intake.StatusIntake;
import io.meshfed.hub.intake.StatusReplays;
import io.meshfed.hub.plan.Changes;
import io.meshfed.hub.plan.MeshChanges;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.OwnPlan;
import io.meshfed.hub.request.Accepted;
import io.meshfed.hub.request.RequestDecider;
import io.meshfed.hub.support.AgentKeys;
import io.meshfed.security.sign.RecordSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The registry rebuilt from what the hub wrote is the registry it had. */
class RebuilderTest {

  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  private final List<LogRecord> desired = new ArrayList<>();
  private final List<LogRecord> meshes = new ArrayList<>();
  private final List<LogRecord> credentials = new ArrayList<>();
  private final List<LogRecord> status = new ArrayList<>();
  private final List<LogRecord> legacy = new ArrayList<>();
  private MeshRegistry registry = MeshRegistry.empty(1);

  private void request(MembershipRequest request) {
    Accepted a = (Accepted) RequestDecider.decide(registry, request, "r", null);
    write(a.changes());
  }

  private void report(ClusterStatus s) {
    status.add(signed(s, AgentKeys.of(s.clusterName())));
    write(StatusIntake.apply(registry, s, T).changes());
  }

  /** A status record on the log, signed as an agent signs it. */
  private static LogRecord signed(ClusterStatus s, KeyPair signer) {
    byte[] value = EventCodec.encode(s);
    return new LogRecord(
        Topics.STATUS,
        0,
        0,
        s.clusterName(),
        value,
        EventType.CLUSTER_STATUS.ceType(),
        T,
        RecordSigner.sign(signer.getPrivate(), s.clusterName(), value));
  }

  private void write(Changes c) {
    c.desired().forEach(d -> desired.add(record(Topics.DESIRED, d.clusterName(), d)));
    c.tombstones().forEach(t -> desired.add(tombstone(Topics.DESIRED, t)));
    c.credentials().forEach(s -> credentials.add(record(Topics.CREDENTIALS, s.sender(), s)));
    c.credentialTombstones().forEach(t -> credentials.add(tombstone(Topics.CREDENTIALS, t)));
    c.meshRecords().forEach(m -> meshes.add(record(Topics.MESHES, m.meshId(), m)));
    registry = c.next();
  }

  private static LogRecord record(String topic, String key, MeshEvent e) {
    return new LogRecord(topic, 0, 0, key, EventCodec.encode(e), EventType.of(e).ceType(), T);
  }

  private static LogRecord tombstone(String topic, String key) {
    return new LogRecord(topic, 0, 0, key, null, null, T);
  }

  private LogSnapshot log() {
    return new LogSnapshot(
        desired, meshes, credentials, status, legacy, Map.of(0, (long) status.size()), List.of());
  }

  /**
   * Mesh m: primaries p (n1) and q (n3), remote r (n2, served by p); "gone" joined and left. p and
   * q report their addresses, keys, credentials for each other and, once the hub routes the other's
   * credential to them, the digest of it applied.
   */
  private void buildMesh() {
    GatewayPlacement infra = new GatewayPlacement(Map.of("infra", "true"), List.of());
    request(new DeclareMesh("m", "v1.28.1", null, infra));
    request(
        new JoinCluster("m", "p", Role.PRIMARY, "n1", null, null, null, AgentKeys.publicKey("p")));
    request(new JoinCluster("m", "r", Role.REMOTE, "n2", "p", GatewayPlacement.none(), null));
    request(new JoinCluster("m", "gone", Role.PRIMARY, "n1", null, null, "https://gone:6443"));
    request(
        new JoinCluster("m", "q", Role.PRIMARY, "n3", null, null, null, AgentKeys.publicKey("q")));
    request(new LeaveCluster("m", "gone"));
    report(status("p", "10.0.0.1", Map.of()));
    report(status("q", "10.0.0.3"));
    report(status("p", "10.0.0.1"));
  }

  /**
   * A full report of primary p or q: address, recipient key, credential, the other's credential
   * applied.
   */
  private static ClusterStatus status(String cluster, String ip) {
    String peer = cluster.equals("p") ? "q" : "p";
    return status(cluster, ip, Map.of(peer, peer + "-1"));
  }

  private static ClusterStatus status(String cluster, String ip, Map<String, String> applied) {
    String peer = cluster.equals("p") ? "q" : "p";
    return status(
        cluster,
        ip == null ? List.of() : List.of(GatewayAddress.ip(ip)),
        new CredentialEnvelope(
            "remote-secret",
            cluster + "-1",
            T.plusSeconds(3600),
            "Y2lwaGVy",
            new TreeMap<>(Map.of(peer, "d3JhcHBlZA=="))),
        applied);
  }

  private static ClusterStatus status(
      String cluster,
      List<GatewayAddress> addresses,
      CredentialEnvelope shared,
      Map<String, String> applied) {
    return status(
        cluster, addresses, shared, applied, shared == null ? null : shared.credentialId());
  }

  private static ClusterStatus status(
      String cluster,
      List<GatewayAddress> addresses,
      CredentialEnvelope shared,
      Map<String, String> applied,
      String sharedCredentialId) {
    return new ClusterStatus(
        "m",
        cluster,
        Phase.READY,
        List.of(),
        1,
        5,
        addresses,
        "t",
        List.of(),
        "https://" + cluster + ":6443",
        T,
        null,
        null,
        null,
        java.util.Base64.getEncoder()
            .encodeToString(
                ("key-of-" + cluster).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        null,
        null,
        shared,
        sharedCredentialId,
        applied == null ? null : AppliedCredentials.digest(applied),
        applied == null ? null : applied.size());
  }

  private static void assertSameState(MeshRegistry rebuilt, MeshRegistry live) {
    assertThat(rebuilt.meshes()).isEqualTo(live.meshes());
    assertThat(rebuilt.meshRecords()).isEqualTo(live.meshRecords());
    assertThat(rebuilt.credentials()).isEqualTo(live.credentials());
    assertThat(rebuilt.appliedBy()).isEqualTo(live.appliedBy());
    assertThat(rebuilt.members()).isEqualTo(live.members());
    assertThat(rebuilt.observed()).isEqualTo(live.observed());
  }

  /**
   * After a restart the hub still knows the sequence of the last report it took in for each member
   * (that of the newest verified status on the log), so an earlier genuine report sent again is
   * refused as it was before the restart.
   */
  @Test
  void theLastSequenceTakenInSurvivesTheRebuildSoAReplayIsStillRefused() {
    buildMesh();
    ClusterStatus third =
        status("q", List.of(GatewayAddress.ip("10.3.0.3")), null, null).withSequence(3);
    ClusterStatus fifth =
        status("q", List.of(GatewayAddress.ip("10.5.0.5")), null, null).withSequence(5);
    report(third);
    report(fifth);

    MeshRegistry rebuilt = Rebuilder.rebuild(log()).registry();

    assertThat(StatusReplays.lastTaken(rebuilt, "q")).isEqualTo(5);
    assertThat(rebuilt.observed("q").orElseThrow().usableAddresses())
        .containsExactly(GatewayAddress.ip("10.5.0.5"));
    assertThat(StatusReplays.decide(StatusReplays.lastTaken(rebuilt, "q"), OptionalLong.empty(), 3))
        .isEqualTo(StatusReplays.Fate.REPLAYED);
    assertThat(StatusReplays.decide(StatusReplays.lastTaken(rebuilt, "q"), OptionalLong.empty(), 0))
        .as("nor is a report without sequence taken in any more")
        .isEqualTo(StatusReplays.Fate.REPLAYED);
    assertThat(StatusReplays.decide(StatusReplays.lastTaken(rebuilt, "q"), OptionalLong.empty(), 6))
        .isEqualTo(StatusReplays.Fate.KEEP);
  }

  @Test
  void rebuildRestoresMeshesMembersCredentialsStatusesAndTheNextEpoch() {
    buildMesh();

    Rebuilder.Rebuilt rebuilt = Rebuilder.rebuild(log());

    assertThat(rebuilt.problems()).isEmpty();
    MeshRegistry r = rebuilt.registry();
    assertThat(r.epoch()).isEqualTo(2);
    assertSameState(r, registry);
    assertThat(r.member("gone")).isEmpty();
    assertThat(r.credential("gone")).as("its credential record was deleted when it left").isEmpty();
    assertThat(r.credential("p").orElseThrow().appliedBy()).containsExactly(Map.entry("q", "p-1"));
    assertThat(r.credential("q").orElseThrow().appliedBy()).containsExactly(Map.entry("p", "q-1"));
    assertThat(r.member("p").orElseThrow().plan()).isEqualTo(new OwnPlan(true));
    assertThat(r.meshRecord("m").orElseThrow().primaries()).containsOnlyKeys("p", "q");
  }

  @Test
  void restartWithNothingChangedWritesNothing() {
    buildMesh();
    MeshRegistry r = Rebuilder.rebuild(log()).registry();

    Changes changes = MeshChanges.between(r, r, "m");

    assertThat(changes.isEmpty()).isTrue();
  }

  @Test
  void whatThePrimariesConfirmedComesBackFromTheCredentialRecordsAndARestartWritesNothing() {
    buildMesh();
    // Both primaries' last reports carry a digest of something the hub never routed (say, what
    // they applied of a peer's credential the hub has not seen yet): it confirms nothing.
    report(status("p", "10.0.0.1", Map.of("q", "q-2")));
    report(status("q", "10.0.0.3", Map.of("p", "p-2")));

    MeshRegistry r = Rebuilder.rebuild(log()).registry();

    assertThat(r.appliedBy("p")).containsExactly(Map.entry("q", "p-1"));
    assertThat(r.appliedBy("q")).containsExactly(Map.entry("p", "q-1"));
    assertSameState(r, registry);
    assertThat(MeshChanges.between(r, r, "m").isEmpty()).isTrue();
  }

  @Test
  void aStatusWithoutItsEnvelopeKeepsTheRoutedOneAcrossARestart() {
    buildMesh();
    // Their records carry their envelopes: the agents leave them out from now on.
    report(status("p", List.of(GatewayAddress.ip("10.0.0.1")), null, Map.of("q", "q-1"), "p-1"));
    report(status("q", List.of(GatewayAddress.ip("10.0.0.3")), null, Map.of("p", "p-1"), "q-1"));
    assertThat(registry.credential("p").orElseThrow().credential().credentialId()).isEqualTo("p-1");

    MeshRegistry r = Rebuilder.rebuild(log()).registry();

    assertSameState(r, registry);
    assertThat(r.observed("q").orElseThrow().sharedCredential())
        .isEqualTo(registry.credential("q").orElseThrow().credential());
    assertThat(MeshChanges.between(r, r, "m").isEmpty()).isTrue();
  }

  @Test
  void aDigestTheHubReadButDidNotTakeInBeforeItStoppedIsConfirmedAtStart() {
    buildMesh();
    MeshRegistry live = registry;
    // q rotates; p applies q-2 and reports it, but the hub stops before it takes the report in.
    report(
        status(
            "q",
            List.of(GatewayAddress.ip("10.0.0.3")),
            new CredentialEnvelope(
                "remote-secret", "q-2", null, "bmV3", new TreeMap<>(Map.of("p", "a2V5"))),
            Map.of("p", "p-1")));
    long revision = registry.credential("q").orElseThrow().revision();
    status.add(signed(status("p", "10.0.0.1", Map.of("q", "q-2")), AgentKeys.of("p")));

    MeshRegistry r = Rebuilder.rebuild(log()).registry();
    Changes changes = MeshChanges.between(r, r, "m");

    assertThat(live.credential("q").orElseThrow().appliedBy()).containsEntry("p", "q-1");
    assertThat(changes.credentials())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.sender()).isEqualTo("q");
              assertThat(c.appliedBy()).containsExactly(Map.entry("p", "q-2"));
              assertThat(c.revision()).isEqualTo(revision + 1);
            });
    assertThat(changes.desired()).isEmpty();
    assertThat(changes.meshRecords()).isEmpty();
  }

  @Test
  void aReportWithoutAddressesLeavesThemWhereTheyWereAcrossARestart() {
    buildMesh();
    report(status("p", null));
    report(status("q", null));
    assertThat(registry.observed("p").orElseThrow().lastAddresses())
        .containsExactly(GatewayAddress.ip("10.0.0.1"));

    MeshRegistry r = Rebuilder.rebuild(log()).registry();

    assertSameState(r, registry);
    assertThat(MeshChanges.between(r, r, "m").isEmpty()).isTrue();
  }

  @Test
  void aPrimaryOnTheNetworkOfItsRemoteKeepsItsDiscoveryAddressAcrossARestart() {
    request(new DeclareMesh("flat", "v1.28.1", null, null));
    request(
        new JoinCluster(
            "flat", "fp", Role.PRIMARY, "n1", null, null, null, AgentKeys.publicKey("fp")));
    request(new JoinCluster("flat", "fr", Role.REMOTE, "n1", "fp", null, null));
    ClusterStatus withAddress =
        new ClusterStatus(
            "flat",
            "fp",
            Phase.READY,
            List.of(),
            1,
            3,
            List.of(GatewayAddress.hostname("fp.lb.example")),
            "t",
            List.of(),
            null,
            T);
    report(withAddress);
    report(
        new ClusterStatus(
            "flat", "fp", Phase.READY, List.of(), 1, 3, List.of(), "t", List.of(), null, T));

    MeshRegistry r = Rebuilder.rebuild(log()).registry();

    assertThat(r.meshRecord("flat").orElseThrow().meshNetworks().get("n1").gateways())
        .as("one network: no gateways to take the address from")
        .isEmpty();
    assertThat(r.observed("fp").orElseThrow().lastAddresses())
        .containsExactly(GatewayAddress.hostname("fp.lb.example"));
    assertThat(MeshChanges.between(r, r, "flat").isEmpty()).isTrue();
  }

  @Test
  void gatewayChangedWhileTheHubWasAwayWritesOneMeshRecordAtStart() {
    buildMesh();
    status.add(signed(status("p", "10.0.0.99"), AgentKeys.of("p")));
    MeshRegistry r = Rebuilder.rebuild(log()).registry();

    Changes changes = MeshChanges.between(r, r, "m");

    assertThat(changes.desired()).isEmpty();
    assertThat(changes.credentials()).isEmpty();
    assertThat(changes.meshRecords()).singleElement();
    assertThat(changes.meshRecords().get(0).primaries().get("p").discoveryAddress())
        .isEqualTo("10.0.0.99");
  }

  @Test
  void credentialRotatedWhileTheHubWasAwayWritesTheCredentialRecordAtStart() {
    buildMesh();
    ClusterStatus rotated =
        status(
            "q",
            List.of(GatewayAddress.ip("10.0.0.3")),
            new CredentialEnvelope(
                "remote-secret", "q-2", null, "bmV3", new TreeMap<>(Map.of("p", "a2V5"))),
            Map.of("p", "p-1"));
    status.add(signed(rotated, AgentKeys.of("q")));
    MeshRegistry r = Rebuilder.rebuild(log()).registry();

    Changes changes = MeshChanges.between(r, r, "m");

    assertThat(changes.meshRecords()).isEmpty();
    assertThat(changes.desired()).isEmpty();
    assertThat(changes.credentials())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.sender()).isEqualTo("q");
              assertThat(c.credential().credentialId()).isEqualTo("q-2");
              assertThat(c.revision())
                  .isEqualTo(registry.credential("q").orElseThrow().revision() + 1);
            });
  }

  @Test
  void aMeshOfTheFirstContractKeepsItsSettingsAndGetsItsFirstMeshRecordAtStart() {
    CniSettings cni = new CniSettings("/etc/cni/net.d", List.of("kube-system"));
    GatewayPlacement infra = new GatewayPlacement(Map.of("infra", "true"), List.of());
    TreeMap<String, NetworkSpec> networks = new TreeMap<>();
    networks.put(
        "n1",
        new NetworkSpec(
            List.of(new NetworkEndpoint("op")), List.of(new NetworkGateway("10.9.0.1", 15443))));
    networks.put("n2", new NetworkSpec(List.of(new NetworkEndpoint("or")), List.of()));
    TreeMap<String, MemberPlan> plans = new TreeMap<>();
    plans.put(
        "op", new MemberPlan(Role.PRIMARY, "n1", null, "10.9.0.1", true, null, List.of("or")));
    plans.put("or", new MemberPlan(Role.REMOTE, "n2", "op", "10.9.0.1", false, null, List.of()));
    legacy.add(
        record(
            Topics.MESHES_V1,
            "old",
            new MeshState("old", 7, "v1.27.3", networks, plans, cni, infra, true)));
    // Desired records of the first contract: no own plan in them.
    for (DesiredMembership d :
        List.of(
            new DesiredMembership(
                "old",
                "op",
                Role.PRIMARY,
                "n1",
                null,
                "v1.27.3",
                cni,
                infra,
                null,
                4,
                3,
                AgentKeys.publicKey("op"),
                null,
                null,
                null),
            new DesiredMembership(
                "old",
                "or",
                Role.REMOTE,
                "n2",
                "op",
                "v1.27.3",
                cni,
                infra,
                null,
                2,
                3,
                AgentKeys.publicKey("or"),
                null,
                null,
                null))) {
      desired.add(record(Topics.DESIRED, d.clusterName(), d));
    }
    // op's last report had no address: the legacy record still routes 10.9.0.1 to it.
    ClusterStatus op =
        new ClusterStatus(
            "old",
            "op",
            Phase.READY,
            List.of(),
            4,
            7,
            List.of(),
            "t",
            List.of(),
            "https://op:6443",
            T);
    status.add(signed(op, AgentKeys.of("op")));

    Rebuilder.Rebuilt rebuilt = Rebuilder.rebuild(log());

    assertThat(rebuilt.problems()).isEmpty();
    MeshRegistry r = rebuilt.registry();
    assertThat(r.mesh("old").orElseThrow())
        .satisfies(
            m -> {
              assertThat(m.istioVersion()).isEqualTo("v1.27.3");
              assertThat(m.cni()).isEqualTo(cni);
              assertThat(m.gatewayPlacement()).isEqualTo(infra);
              assertThat(m.pinSigningKeysAtFirstContact()).isTrue();
            });
    assertThat(r.meshRecord("old")).isEmpty();
    assertThat(r.epoch()).isEqualTo(4);
    assertThat(r.observed("op").orElseThrow().lastAddresses())
        .containsExactly(GatewayAddress.ip("10.9.0.1"));

    Changes first = MeshChanges.between(r, r, "old");

    assertThat(first.meshRecords())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.revision()).as("continues the first contract's revisions").isEqualTo(8);
              assertThat(m.istioVersion()).isEqualTo("v1.27.3");
              assertThat(m.cni()).isEqualTo(cni);
              assertThat(m.gatewayPlacement()).isEqualTo(infra);
              assertThat(m.pinSigningKeysAtFirstContact()).isTrue();
              assertThat(m.meshNetworks()).isEqualTo(networks);
              assertThat(m.primaries().get("op").discoveryAddress()).isEqualTo("10.9.0.1");
            });
    assertThat(first.desired())
        .as("each member gets its own plan in its desired record, at its next generation")
        .extracting(
            DesiredMembership::clusterName,
            DesiredMembership::generation,
            DesiredMembership::externalIstiod)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("op", 5L, true),
            org.assertj.core.groups.Tuple.tuple("or", 3L, false));
    assertThat(first.credentials()).as("op has no peer primary: nobody holds its secret").isEmpty();

    // Written, the mesh rebuilds to the same state and asks for nothing more.
    registry = r;
    write(first);
    MeshRegistry again = Rebuilder.rebuild(log()).registry();
    assertSameState(again, first.next());
    assertThat(MeshChanges.between(again, again, "old").isEmpty()).isTrue();
  }

  @Test
  void aMeshOnBothContractsTakesItsSettingsFromItsMeshRecord() {
    buildMesh();
    legacy.add(
        record(
            Topics.MESHES_V1,
            "m",
            new MeshState("m", 99, "v1.20.0", null, null, null, null, false)));

    MeshRegistry r = Rebuilder.rebuild(log()).registry();

    assertSameState(r, registry);
    assertThat(r.revisionBefore("m")).isZero();
  }

  @Test
  void forgedOrUnsignedStatusOnTheLogIsNotTakenIn() {
    buildMesh();
    status.add(signed(status("p", "10.6.6.6"), AgentKeys.of("r")));
    status.add(record(Topics.STATUS, "r", status("r", "10.0.0.2")));

    Rebuilder.Rebuilt rebuilt = Rebuilder.rebuild(log());

    assertThat(rebuilt.registry().observed("p").orElseThrow().status().eastWestAddresses())
        .as("the genuine report before the forged one")
        .extracting(GatewayAddress::host)
        .containsExactly("10.0.0.1");
    assertThat(rebuilt.registry().observed("r")).isEmpty();
    assertThat(rebuilt.problems())
        .anySatisfy(p -> assertThat(p).contains("key=p").contains("SignatureInvalid"))
        .anySatisfy(p -> assertThat(p).contains("key=r").contains("NoRegisteredKey"));
  }

  @Test
  void statusThatWouldPinAKeyWaitsForTheNextReport() {
    request(new DeclareMesh("pin", "v1.28.1", null, null, true));
    request(new JoinCluster("pin", "x", Role.PRIMARY, null, null, null, null));
    ClusterStatus first =
        new ClusterStatus(
            "pin",
            "x",
            Phase.READY,
            List.of(),
            1,
            2,
            List.of(),
            "t",
            List.of(),
            null,
            T,
            null,
            null,
            AgentKeys.publicKey("x"),
            null,
            null,
            null);
    status.add(signed(first, AgentKeys.of("x")));

    Rebuilder.Rebuilt rebuilt = Rebuilder.rebuild(log());

    assertThat(rebuilt.registry().mesh("pin").orElseThrow().pinSigningKeysAtFirstContact())
        .isTrue();
    assertThat(rebuilt.registry().observed("x")).isEmpty();
    assertThat(rebuilt.registry().member("x").orElseThrow().trust().hasSigningKey()).isFalse();
    assertThat(rebuilt.problems()).singleElement().asString().contains("pinned");
  }

  @Test
  void unreadableRecordIsReportedAndSkipped() {
    buildMesh();
    desired.add(
        new LogRecord(
            Topics.DESIRED,
            0,
            99,
            "bad",
            "{\"meshId\":".getBytes(StandardCharsets.UTF_8),
            EventType.DESIRED_MEMBERSHIP.ceType(),
            T));
    credentials.add(
        new LogRecord(
            Topics.CREDENTIALS,
            0,
            99,
            "worse",
            "{\"meshId\":\"m\"}".getBytes(StandardCharsets.UTF_8),
            EventType.SHARED_CREDENTIAL.ceType(),
            T));

    Rebuilder.Rebuilt rebuilt = Rebuilder.rebuild(log());

    assertThat(rebuilt.problems())
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("key=bad"))
        .anySatisfy(p -> assertThat(p).contains("key=worse"));
    assertThat(rebuilt.registry().members()).isEqualTo(registry.members());
    assertThat(rebuilt.registry().credentials()).isEqualTo(registry.credentials());
  }
}
