package io.meshfed.hub.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.MembershipRequest;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.Role;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.hub.model.Accepted;
import io.meshfed.hub.model.Changes;
import io.meshfed.hub.model.MeshChanges;
import io.meshfed.hub.model.MeshRegistry;
import io.meshfed.hub.model.OwnPlan;
import io.meshfed.hub.model.RequestDecider;
import io.meshfed.hub.model.StatusIntake;
import io.meshfed.hub.support.AgentKeys;
import io.meshfed.security.sign.RecordSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    Accepted a = (Accepted) RequestDecider.decide(registry, request, "r");
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
        desired, meshes, credentials, status, legacy, Map.of(0, (long) status.size()));
  }

  /**
   * Mesh m: primaries p (n1) and q (n3), remote r (n2, served by p); "gone" joined and left. p and
   * q report their addresses, keys, credentials for each other and what they applied.
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
    report(status("p", "10.0.0.1"));
    report(status("q", "10.0.0.3"));
  }

  /** A full report of primary p or q: address, recipient key, credential, what it applied. */
  private static ClusterStatus status(String cluster, String ip) {
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
        Map.of(peer, peer + "-1"));
  }

  private static ClusterStatus status(
      String cluster,
      List<GatewayAddress> addresses,
      CredentialEnvelope shared,
      Map<String, String> applied) {
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
        "a2V5LW9m" + cluster,
        null,
        new TreeMap<>(applied),
        shared);
  }

  private static void assertSameState(MeshRegistry rebuilt, MeshRegistry live) {
    assertThat(rebuilt.meshes()).isEqualTo(live.meshes());
    assertThat(rebuilt.meshRecords()).isEqualTo(live.meshRecords());
    assertThat(rebuilt.credentials()).isEqualTo(live.credentials());
    assertThat(rebuilt.members()).isEqualTo(live.members());
    assertThat(rebuilt.observed()).isEqualTo(live.observed());
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
    assertThat(r.member("p").orElseThrow().plan()).isEqualTo(new OwnPlan(List.of("q", "r"), true));
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
