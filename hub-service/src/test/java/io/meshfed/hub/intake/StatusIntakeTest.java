package io.meshfed.hub.intake;

import static io.meshfed.hub.support.Meshes.applyAll;
import static io.meshfed.hub.support.Meshes.declared;
import static io.meshfed.hub.support.Meshes.primary;
import static io.meshfed.hub.support.Meshes.remote;
import static io.meshfed.hub.support.Meshes.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshfed.events.model.ClusterDegraded;
import io.meshfed.events.model.ClusterReady;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.ClusterUnreachable;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.MeshNetworksChanged;
import io.meshfed.events.model.NetworkGateway;
import io.meshfed.events.model.Phase;
import io.meshfed.hub.plan.Changes;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.support.Meshes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusIntakeTest {

  private final MeshRegistry mesh =
      applyAll(declared("m"), primary("m", "a", "n1"), primary("m", "b", "n2"));

  @Test
  void firstGatewayAddressPublishesANewMeshRecordAtOnce() {
    StatusIntake.Outcome o =
        StatusIntake.apply(
            mesh, status("m", "a", Phase.INSTALLING, GatewayAddress.ip("10.0.0.1")), Meshes.T0);

    assertThat(o.addressesChanged()).isTrue();
    assertThat(o.changes().meshRecords()).singleElement();
    assertThat(o.changes().meshRecords().get(0).revision())
        .isEqualTo(mesh.meshRecord("m").orElseThrow().revision() + 1);
    assertThat(o.changes().meshRecords().get(0).meshNetworks().get("n1").gateways())
        .containsExactly(new NetworkGateway("10.0.0.1", 15443));
    assertThat(o.changes().events()).hasAtLeastOneElementOfType(MeshNetworksChanged.class);
    assertThat(o.changes().desired()).isEmpty();
  }

  @Test
  void changedAddressPublishesAgainAndAHeartbeatPublishesNothing() {
    MeshRegistry r =
        Meshes.report(mesh, status("m", "a", Phase.READY, GatewayAddress.ip("10.0.0.1")));

    StatusIntake.Outcome heartbeat =
        StatusIntake.apply(
            r, status("m", "a", Phase.READY, GatewayAddress.ip("10.0.0.1")), Meshes.T0);
    assertThat(heartbeat.changes().isEmpty()).isTrue();
    assertThat(heartbeat.addressesChanged()).isFalse();

    StatusIntake.Outcome moved =
        StatusIntake.apply(
            r, status("m", "a", Phase.READY, GatewayAddress.hostname("a.lb.example")), Meshes.T0);
    assertThat(moved.addressesChanged()).isTrue();
    assertThat(moved.changes().meshRecords().get(0).meshNetworks().get("n1").gateways())
        .containsExactly(new NetworkGateway("a.lb.example", 15443));
  }

  @Test
  void primaryAddressChangeMovesItsRemotesDiscoveryAddress() {
    MeshRegistry r =
        applyAll(declared("pr"), primary("pr", "p", "n1"), remote("pr", "r", "n1", "p"));

    StatusIntake.Outcome o =
        StatusIntake.apply(
            r, status("pr", "p", Phase.READY, GatewayAddress.ip("1.2.3.4")), Meshes.T0);

    assertThat(o.changes().meshRecords().get(0).primaries().get("p").discoveryAddress())
        .as("the remote reads its primary's discovery address from the mesh record")
        .isEqualTo("1.2.3.4");
    assertThat(o.changes().events()).noneMatch(e -> e instanceof MeshNetworksChanged);
  }

  @Test
  void readyAndDegradedAreToldOnTransitionOnly() {
    StatusIntake.Outcome ready = StatusIntake.apply(mesh, status("m", "a", Phase.READY), Meshes.T0);
    assertThat(ready.turnedReady()).isTrue();
    assertThat(ready.changes().events()).containsExactly(new ClusterReady("m", "a", 1));

    StatusIntake.Outcome again =
        StatusIntake.apply(ready.changes().next(), status("m", "a", Phase.READY), Meshes.T0);
    assertThat(again.changes().events()).isEmpty();

    ClusterStatus degraded =
        new ClusterStatus(
            "m",
            "a",
            Phase.DEGRADED,
            List.of(
                new Condition("GatewayAddressKnown", "False", "AddressPending", "no address", null),
                new Condition("Ready", "False", "IstiodNotReady", "istiod has 0/1 replicas", null)),
            1,
            1,
            List.of(),
            "t",
            List.of(),
            null,
            Meshes.T0);
    assertThat(StatusIntake.apply(ready.changes().next(), degraded, Meshes.T0).changes().events())
        .containsExactly(
            new ClusterDegraded("m", "a", "IstiodNotReady", "istiod has 0/1 replicas"));
  }

  @Test
  void statusOfAClusterThatIsNotAMemberOfTheNamedMeshIsIgnored() {
    StatusIntake.Outcome o = StatusIntake.apply(mesh, status("other", "a", Phase.READY), Meshes.T0);
    assertThat(o.ignored()).isTrue();
    assertThat(o.changes().next()).isEqualTo(mesh);
    assertThat(StatusIntake.apply(mesh, status("m", "zz", Phase.READY), Meshes.T0).ignored())
        .isTrue();
  }

  @Test
  void silentClustersAreMarkedUnreachableOnceAndANewReportClearsIt() {
    MeshRegistry r = Meshes.report(mesh, status("m", "a", Phase.READY));
    Duration after = Duration.ofSeconds(60);

    Changes early = UnreachableCheck.apply(r, Meshes.T0.plusSeconds(30), after);
    assertThat(early.events()).isEmpty();

    Changes late = UnreachableCheck.apply(r, Meshes.T0.plusSeconds(61), after);
    assertThat(late.events()).containsExactly(new ClusterUnreachable("m", "a", Meshes.T0));
    assertThat(late.next().observed("a").orElseThrow().phase()).isEqualTo(Phase.UNREACHABLE);
    assertThat(UnreachableCheck.apply(late.next(), Meshes.T0.plusSeconds(120), after).events())
        .isEmpty();

    StatusIntake.Outcome back =
        StatusIntake.apply(late.next(), status("m", "a", Phase.READY), Meshes.T0.plusSeconds(130));
    assertThat(back.changes().next().observed("a").orElseThrow().phase()).isEqualTo(Phase.READY);
    assertThat(back.turnedReady()).isTrue();
  }

  @Test
  void aBatchReplansEachMeshOnceAndStillTellsEachClusterReady() {
    MeshRegistry both =
        applyAll(
            mesh,
            new DeclareMesh("other", "v1.28.1", null, null),
            Meshes.primary("other", "c", "n3"));
    StatusIntake.BatchOutcome o =
        StatusIntake.applyAll(
            both,
            List.of(
                new StatusIntake.Report(
                    status("m", "a", Phase.READY, GatewayAddress.ip("10.0.0.1")), Meshes.T0, null),
                new StatusIntake.Report(
                    status("m", "b", Phase.READY, GatewayAddress.ip("10.0.0.2")), Meshes.T0, null),
                new StatusIntake.Report(
                    status("m", "zz", Phase.READY, GatewayAddress.ip("10.0.0.9")),
                    Meshes.T0,
                    null)));

    assertThat(o.changes().meshRecords())
        .as("one record for mesh m, none for the other")
        .hasSize(1);
    assertThat(o.changes().meshRecords().get(0).revision())
        .isEqualTo(both.meshRecord("m").orElseThrow().revision() + 1);
    assertThat(o.changes().meshRecords().get(0).meshNetworks().get("n1").gateways())
        .containsExactly(new NetworkGateway("10.0.0.1", 15443));
    assertThat(o.changes().meshRecords().get(0).meshNetworks().get("n2").gateways())
        .containsExactly(new NetworkGateway("10.0.0.2", 15443));
    assertThat(o.changes().events())
        .filteredOn(e -> e instanceof ClusterReady)
        .extracting(e -> ((ClusterReady) e).clusterName())
        .containsExactly("a", "b");
    assertThat(o.changes().events()).filteredOn(e -> e instanceof MeshNetworksChanged).hasSize(1);
    assertThat(o.taken())
        .extracting(StatusIntake.Taken::ignored)
        .as("a report of a cluster that is not a member is ignored")
        .containsExactly(false, false, true);
    assertThat(o.changes().next().observed("a")).isPresent();
    assertThat(o.changes().next().observed("zz")).isEmpty();
  }
}
