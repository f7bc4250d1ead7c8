package io.meshfed.hub.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
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
import org.junit.jupiter.api.Test;

/** The registry rebuilt from what the hub wrote is the registry it had. */
class RebuilderTest {

  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  private final List<LogRecord> desired = new ArrayList<>();
  private final List<LogRecord> meshes = new ArrayList<>();
  private final List<LogRecord> status = new ArrayList<>();
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
    c.tombstones()
        .forEach(
            t -> desired.add(new LogRecord(Topics.DESIRED, 0, desired.size(), t, null, null, T)));
    c.meshRecords().forEach(m -> meshes.add(record(Topics.MESHES, m.meshId(), m)));
    registry = c.next();
  }

  private static LogRecord record(String topic, String key, MeshEvent e) {
    return new LogRecord(topic, 0, 0, key, EventCodec.encode(e), EventType.of(e).ceType(), T);
  }

  private LogSnapshot log() {
    return new LogSnapshot(desired, meshes, status, Map.of(0, (long) status.size()));
  }

  private void buildMesh() {
    GatewayPlacement infra = new GatewayPlacement(Map.of("infra", "true"), List.of());
    request(new DeclareMesh("m", "v1.28.1", null, infra));
    request(
        new JoinCluster("m", "p", Role.PRIMARY, "n1", null, null, null, AgentKeys.publicKey("p")));
    request(new JoinCluster("m", "r", Role.REMOTE, "n2", "p", GatewayPlacement.none(), null));
    request(new JoinCluster("m", "gone", Role.PRIMARY, "n1", null, null, "https://gone:6443"));
    request(new LeaveCluster("m", "gone"));
    report(status("p", "10.0.0.1"));
  }

  private static ClusterStatus status(String cluster, String ip) {
    return new ClusterStatus(
        "m",
        cluster,
        Phase.READY,
        List.of(),
        1,
        5,
        List.of(GatewayAddress.ip(ip)),
        "t",
        List.of(),
        null,
        T);
  }

  @Test
  void rebuildRestoresMeshesMembersStatusesAndTheNextEpoch() {
    buildMesh();

    Rebuilder.Rebuilt rebuilt = Rebuilder.rebuild(log());

    assertThat(rebuilt.problems()).isEmpty();
    MeshRegistry r = rebuilt.registry();
    assertThat(r.epoch()).isEqualTo(2);
    assertThat(r.meshes()).isEqualTo(registry.meshes());
    assertThat(r.members()).isEqualTo(registry.members());
    assertThat(r.member("gone")).isEmpty();
    assertThat(r.observed("p").orElseThrow().status())
        .isEqualTo(registry.observed("p").orElseThrow().status());
    assertThat(r.meshRecord("m").orElseThrow().revision())
        .isEqualTo(registry.meshRecord("m").orElseThrow().revision());
  }

  @Test
  void restartWithNothingChangedWritesNoMeshRecord() {
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
    assertThat(changes.meshRecords()).singleElement();
    assertThat(changes.meshRecords().get(0).members().get("r").discoveryAddress())
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
    request(new JoinCluster("pin", "q", Role.PRIMARY, null, null, null, null));
    ClusterStatus first =
        new ClusterStatus(
            "pin",
            "q",
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
            AgentKeys.publicKey("q"),
            null,
            null,
            null);
    status.add(signed(first, AgentKeys.of("q")));

    Rebuilder.Rebuilt rebuilt = Rebuilder.rebuild(log());

    assertThat(rebuilt.registry().mesh("pin").orElseThrow().pinSigningKeysAtFirstContact())
        .isTrue();
    assertThat(rebuilt.registry().observed("q")).isEmpty();
    assertThat(rebuilt.registry().member("q").orElseThrow().trust().hasSigningKey()).isFalse();
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

    Rebuilder.Rebuilt rebuilt = Rebuilder.rebuild(log());

    assertThat(rebuilt.problems()).singleElement().asString().contains("key=bad");
    assertThat(rebuilt.registry().members()).isEqualTo(registry.members());
  }
}
